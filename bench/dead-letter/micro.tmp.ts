import { toIncomingDeadLetter } from '/work/main/plugins/dead-letter-backend/src/service/message';
import { DatabaseDeadLetterStore } from '/work/main/plugins/dead-letter-backend/src/service/DatabaseDeadLetterStore';
import knexFactory from 'knex';
const rules = { serviceRule: /_([^_]+)$/, serviceHeader: 'x-service', errorHeader: 'x-error-message', maxBodyBytes: 1 << 20 };
const death = [{ count: 1, reason: 'rejected', queue: 'dev-k8s-commandstreams_bankaccount_account_term-deposit', time: 1764000000, exchange: 'bankaccount', 'routing-keys': ['account.term-deposit.created'] }];
const msgs = Array.from({ length: 20000 }, (_, i) => ({
  content: Buffer.from(JSON.stringify({ a: i }).padEnd(512)),
  fields: { deliveryTag: i, redelivered: false, exchange: '', routingKey: 'q', consumerTag: 'c' },
  properties: { messageId: `m${i}`, correlationId: `c${i}`, contentType: 'application/json', headers: { 'x-death': death, 'x-error-message': 'timeout' } } as any,
}));
(async () => {
  let t = Date.now();
  const incoming = msgs.map(m => toIncomingDeadLetter(m as any, { environment: 'dev', deadLetterQueue: 'dlq', receivedAt: new Date() }, rules));
  console.log('parse per msg us', ((Date.now() - t) * 1000) / msgs.length);
  const knex = knexFactory({ client: 'pg', connection: 'postgresql://postgres@127.0.0.1:5432/bench_dead_letter' });
  await knex.raw('TRUNCATE dead_letters, dead_letter_service_counts RESTART IDENTITY');
  const store = new DatabaseDeadLetterStore(knex);
  t = Date.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < incoming.length; i += 500) await store.insertBatch(incoming.slice(i, i + 500));
  console.log('insert rate msg/s', (incoming.length / (Date.now() - t)) * 1000, 'node cpu us/msg', (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / incoming.length);
  await knex.destroy();
})();

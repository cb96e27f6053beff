#!/usr/bin/env node
/*
 * yarn dead-letters:demo
 *
 * A small, realistic producer and failing consumer for a few example
 * services, on the RabbitMQ of this machine: each service has a queue named
 * as the customer's are (`local-k8s-commandstreams_<domain>_<service>`),
 * bound to its domain's exchange, with the portal's local dead-letter
 * exchange as its dead-letter exchange (app-config.local-rabbitmq.yaml). The
 * consumer rejects the messages it cannot handle, so the broker dead-letters
 * them (with x-death) and the portal stores them as environment `local`.
 *
 *   RABBITMQ_URL               default amqp://guest:guest@127.0.0.1:5672
 *   DEMO_MESSAGES              messages per service (default 20)
 *   DEMO_SERVICES              comma-separated subset of the services below
 *   DEMO_PREFIX                exchange and queue name prefix (default local)
 *   DEMO_DEAD_LETTER_EXCHANGE  default local.dead-letter
 *   DEMO_DEAD_LETTER_QUEUE     default local.dead-letters
 * (the end-to-end tests point the last three at the e2e config's queue).
 */
const amqp = require('amqplib');
const { randomUUID } = require('node:crypto');

const URL = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
const PER_SERVICE = Number(process.env.DEMO_MESSAGES || 20);
const PREFIX = process.env.DEMO_PREFIX || 'local';
// As in app-config.local-rabbitmq.yaml.
const DEAD_LETTER_EXCHANGE =
  process.env.DEMO_DEAD_LETTER_EXCHANGE || 'local.dead-letter';
const DEAD_LETTER_QUEUE =
  process.env.DEMO_DEAD_LETTER_QUEUE || 'local.dead-letters';

// Example services of the catalog, owned by different squads, and the
// errors their consumers fail with (texts like the customer's).
const ALL_SERVICES = [
  {
    service: 'term-deposit',
    domain: 'bankaccount',
    routingKey: 'bankaccount.account.ReserveFundsResponseV1',
    body: i => ({ accountId: `acc-${1000 + i}`, amount: 500 + i * 25 }),
    errors: [
      'ctx handler: insufficient_funds: insufficient funds',
      'ctx handler: account_locked: account is locked',
    ],
  },
  {
    service: 'payment',
    domain: 'payments',
    routingKey: 'payments.payment.PaymentInitiatedV2',
    body: i => ({
      paymentId: randomUUID(),
      iban: `DK50 0040 0440 1162 ${String(4300 + i).padStart(4, '0')}`,
      amount: 120.5 + i,
      currency: 'DKK',
    }),
    errors: [
      'handle payment initiated: rpc error: code = Unavailable desc = connection refused',
      'validate payment: unsupported currency',
    ],
  },
  {
    service: 'notification',
    domain: 'customer',
    routingKey: 'customer.notification.SendPushV1',
    body: i => ({ customerId: `cust-${200 + i}`, template: 'card-frozen' }),
    errors: ['send push: device token expired'],
  },
  {
    service: 'card-management',
    domain: 'cards',
    routingKey: 'cards.card.CardFrozenV1',
    body: i => ({ cardId: `card-${300 + i}`, reason: 'lost' }),
    errors: ['ctx handler: card_not_found: no card with that id'],
  },
];

const wanted = (process.env.DEMO_SERVICES || '').split(',').filter(Boolean);
const SERVICES = ALL_SERVICES.filter(
  s => wanted.length === 0 || wanted.includes(s.service),
);

async function main() {
  if (SERVICES.length === 0) {
    throw new Error(
      `DEMO_SERVICES names none of ${ALL_SERVICES.map(s => s.service)}`,
    );
  }
  const connection = await amqp.connect(URL);
  const channel = await connection.createChannel();
  // The portal declares these too (idempotent); declared here so the demo
  // also works before the portal has started.
  await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'fanout', {
    durable: true,
  });
  await channel.assertQueue(DEAD_LETTER_QUEUE, { durable: true });
  await channel.bindQueue(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, '');

  let rejected = 0;
  const total = SERVICES.length * PER_SERVICE;
  const done = new Promise(resolve => {
    const check = () => rejected >= total && resolve();
    SERVICES.forEach(async s => {
      const exchange = `${PREFIX}.${s.domain}`;
      s.queue = `${PREFIX}-k8s-commandstreams_${s.domain}_${s.service}`;
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.assertQueue(s.queue, {
        durable: true,
        arguments: { 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE },
      });
      await channel.bindQueue(s.queue, exchange, `${s.domain}.#`);
      // The failing consumer: it cannot handle any of these.
      await channel.consume(s.queue, message => {
        if (message) {
          channel.reject(message, false);
          rejected += 1;
          check();
        }
      });
    });
  });
  // Let the consumers start before publishing.
  await new Promise(r => setTimeout(r, 500));
  for (const s of SERVICES) {
    for (let i = 0; i < PER_SERVICE; i++) {
      channel.publish(
        `${PREFIX}.${s.domain}`,
        s.routingKey,
        Buffer.from(JSON.stringify(s.body(i))),
        {
          persistent: true,
          contentType: 'application/json',
          messageId: randomUUID(),
          correlationId: randomUUID(),
          timestamp: Math.floor(Date.now() / 1000),
          appId: `${s.domain}-producer`,
          // What the consumer's library reports when it gives up.
          headers: { 'x-error-message': s.errors[i % s.errors.length] },
        },
      );
    }
  }
  const timeout = setTimeout(() => {
    console.error(
      `only ${rejected} of ${total} messages were rejected in 30 s`,
    );
    process.exit(1);
  }, 30_000);
  await done;
  clearTimeout(timeout);
  // Rejects have no reply: a round trip on the same channel comes back only
  // after the broker has handled every reject sent before it.
  await channel.checkQueue(DEAD_LETTER_QUEUE);
  await connection.close();
  console.log(
    `${total} messages of ${SERVICES.map(s => s.service).join(
      ', ',
    )} were rejected and dead-lettered into ${DEAD_LETTER_QUEUE}: open a service's Dead letter tab (environment local).`,
  );
}

main().catch(error => {
  console.error(`dead-letters:demo failed: ${error.message}`);
  console.error(
    `Is RabbitMQ running on ${URL.replace(
      /\/\/[^@]*@/,
      '//',
    )}? (rabbitmq-server -detached)`,
  );
  process.exit(1);
});

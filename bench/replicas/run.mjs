// Dead-letter ingest with one replica and with two on the same queue, in one
// run (issue 22), beside the bare pipeline (a consumer that only acks, same
// prefetch, on the same broker): the rates and their ratios.
//
//   node bench/replicas/run.mjs          (source scripts/env.sh first)
//
// Starts its own pair with scripts/replicas.sh (port 7210, run dir
// /tmp/lunar-replicas-bench, database lunar_replicas_bench, queue
// bench.replicas.dead-letters), so it does not touch the tests' replicas, and
// stops it at the end. Env: BENCH_MESSAGES (default 20000 per phase),
// AMQP_URL. Prints figures and writes bench/results/replicas-<timestamp>.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const N = Number(process.env.BENCH_MESSAGES ?? 20_000);
const env = {
  ...process.env,
  REPLICAS_PORT: '7210',
  REPLICAS_RUN_DIR: '/tmp/lunar-replicas-bench',
  REPLICAS_DB: 'lunar_replicas_bench',
  REPLICAS_QUEUE: 'bench.replicas.dead-letters',
  REPLICAS_EXCHANGE: 'bench.replicas.dead-letter',
};
const PREFETCH = 500; // deadLetter.environments.dev.prefetch in app-config.replicas.yaml
const body = Buffer.alloc(512, 'x');

const sleep = ms => new Promise(r => setTimeout(r, ms));
const replicas = (...args) =>
  execFileSync('bash', ['scripts/replicas.sh', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
const stored = () =>
  Number(
    execFileSync(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-U',
        'postgres',
        '-d',
        env.REPLICAS_DB,
        '-XAtc',
        'select count(*) from "dead-letter".dead_letters',
      ],
      { encoding: 'utf8' },
    ).trim(),
  );

async function publish(channel, exchange, queue, n, tag) {
  for (let i = 0; i < n; i++) {
    const opts = {
      messageId: `${tag}-${i}`,
      headers: { 'x-service': `bench-${tag}` },
    };
    if (exchange) channel.publish(exchange, '', body, opts);
    else channel.sendToQueue(queue, body, opts);
    if ((i + 1) % 1000 === 0) await channel.waitForConfirms();
  }
  await channel.waitForConfirms();
}

/** CPU seconds used so far by the processes of a command name (from /proc). */
function cpuSeconds(name) {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}
const replicaCpu = () =>
  ['a', 'b'].reduce((sum, name) => {
    try {
      const pid = readFileSync(
        `${env.REPLICAS_RUN_DIR}/${name}.pid`,
        'utf8',
      ).trim();
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return sum;
    }
  }, 0);
/** Busy and total CPU seconds of the whole machine (all cores, /proc/stat). */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: (total - f[3] - f[4]) / 100, total: total / 100 };
}
/**
 * Where the CPU went during a phase: the replicas, RabbitMQ, and how busy
 * the machine was (PostgreSQL backends come and go with the pools, so they
 * are in the machine's share, as are other people's processes).
 */
function cpuMeter() {
  const start = {
    replicas: replicaCpu(),
    rabbitmq: cpuSeconds('beam.smp'),
    machine: machineCpu(),
  };
  return () => {
    const m = machineCpu();
    return {
      replicas: +(replicaCpu() - start.replicas).toFixed(1),
      rabbitmq: +(cpuSeconds('beam.smp') - start.rabbitmq).toFixed(1),
      machineBusy: +(m.busy - start.machine.busy).toFixed(1),
      machineBusyShare: +(
        (m.busy - start.machine.busy) /
        (m.total - start.machine.total)
      ).toFixed(2),
    };
  };
}

/** Publishes n and waits until the store holds n more: messages per second. */
async function portalPhase(channel, tag) {
  const before = stored();
  const cpu = cpuMeter();
  const t0 = performance.now();
  await publish(channel, env.REPLICAS_EXCHANGE, undefined, N, tag);
  const published = performance.now();
  while (stored() < before + N) await sleep(50);
  const seconds = (performance.now() - t0) / 1000;
  return {
    messages: N,
    seconds: +seconds.toFixed(2),
    publishSeconds: +((published - t0) / 1000).toFixed(2),
    perSecond: Math.round(N / seconds),
    cpuSeconds: cpu(),
  };
}

/** The bare pipeline: publish n to a queue and a consumer that only acks. */
async function barePhase(connection) {
  const channel = await connection.createConfirmChannel();
  const queue = 'bench.replicas.bare';
  await channel.assertQueue(queue, { durable: true });
  await channel.purgeQueue(queue);
  const consumerChannel = await connection.createChannel();
  await consumerChannel.prefetch(PREFETCH);
  let got = 0;
  let done;
  const finished = new Promise(r => (done = r));
  const t0 = performance.now();
  await consumerChannel.consume(queue, msg => {
    got += 1;
    if (got % 100 === 0 || got === N) consumerChannel.ack(msg, true);
    if (got === N) done();
  });
  await publish(channel, undefined, queue, N, 'bare');
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await consumerChannel.close();
  await channel.deleteQueue(queue);
  await channel.close();
  return {
    messages: N,
    seconds: +seconds.toFixed(2),
    perSecond: Math.round(N / seconds),
  };
}

replicas('start');
const connection = await amqp.connect(AMQP_URL);
const channel = await connection.createConfirmChannel();
let result;
try {
  // Warm-up: the first batches pay for connections and plans.
  await portalPhase(channel, 'warmup').catch(() => undefined);
  const two = await portalPhase(channel, 'two');
  // One replica: stop b (graceful), then the same again.
  execFileSync(
    'bash',
    ['-c', 'kill -TERM "$(cat /tmp/lunar-replicas-bench/b.pid)"'],
    { env },
  );
  while ((await channel.checkQueue(env.REPLICAS_QUEUE)).consumerCount > 1)
    await sleep(200);
  const one = await portalPhase(channel, 'one');
  const bare = await barePhase(connection);
  result = {
    when: new Date().toISOString(),
    command: 'node bench/replicas/run.mjs',
    machine: { cpus: cpus().length, loadavg: loadavg() },
    messagesPerPhase: N,
    bodyBytes: body.length,
    prefetch: PREFETCH,
    oneReplica: one,
    twoReplicas: two,
    barePipeline: bare,
    ratioTwoToOne: +(two.perSecond / one.perSecond).toFixed(2),
    ratioOneToBare: +(one.perSecond / bare.perSecond).toFixed(3),
    ratioTwoToBare: +(two.perSecond / bare.perSecond).toFixed(3),
  };
} finally {
  await connection.close();
  replicas('stop');
}
console.log(
  `one replica ${result.oneReplica.perSecond}/s, two replicas ${result.twoReplicas.perSecond}/s (x${result.ratioTwoToOne}), bare pipeline ${result.barePipeline.perSecond}/s (one ${result.ratioOneToBare}, two ${result.ratioTwoToBare} of it)`,
);
mkdirSync(resolve(root, 'bench/results'), { recursive: true });
const file = resolve(
  root,
  `bench/results/replicas-${result.when.replace(/:/g, '-')}.json`,
);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written ${file}`);

import { execFileSync } from 'node:child_process';

function replicas(...args: string[]) {
  return execFileSync('bash', ['scripts/replicas.sh', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 360_000,
    // A PostgreSQL server of their own: the spec restarts it, and the
    // machine's (:5432) serves the unit tests running beside.
    env: { ...process.env, REPLICAS_PG: process.env.REPLICAS_PG ?? 'private' },
  });
}

/**
 * Starts both replicas and nginx (scripts/replicas.sh) for the replicas
 * spec. With REPLICAS_KEEP=1 (while working on the spec) running replicas
 * are reused, a stopped one is started again, and the teardown leaves them.
 */
export default function globalSetup() {
  const status = replicas('status');
  if (process.env.REPLICAS_KEEP === '1' && /nginx :\d+ running/.test(status)) {
    // A run cut short with the private PostgreSQL stopped starts it again.
    if (/postgres \(private, .*\) stopped/.test(status)) {
      replicas('start-postgres');
    }
    for (const name of ['a', 'b']) {
      if (new RegExp(`replica ${name} :\\d+ stopped`).test(status)) {
        replicas('restart-replica', name);
      }
    }
    return;
  }
  process.stdout.write(replicas('start'));
}

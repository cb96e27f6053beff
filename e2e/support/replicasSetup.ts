import { execFileSync } from 'node:child_process';

function replicas(...args: string[]) {
  return execFileSync('bash', ['scripts/replicas.sh', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 360_000,
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
    for (const name of ['a', 'b']) {
      if (new RegExp(`replica ${name} :\\d+ stopped`).test(status)) {
        replicas('restart-replica', name);
      }
    }
    return;
  }
  process.stdout.write(replicas('start'));
}

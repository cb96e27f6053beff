import { execFileSync } from 'node:child_process';

/** Stops what scripts/replicas.sh started (its pid files), nothing else. */
export default function globalTeardown() {
  if (process.env.REPLICAS_KEEP === '1') return;
  execFileSync('bash', ['scripts/replicas.sh', 'stop'], {
    stdio: 'inherit',
    timeout: 120_000,
  });
}

import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { applyMigrations } from '../database/DatabaseDeadLetterStore';
import { IncomingDeadLetter } from '../types';

export const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-dead-letter-backend',
  'migrations',
);

export const migrate = applyMigrations;

let counter = 0;

export function incoming(
  overrides: Partial<IncomingDeadLetter> = {},
): IncomingDeadLetter {
  counter += 1;
  const body = overrides.body ?? Buffer.from(`{"n":${counter}}`);
  const hash = createHash('sha256')
    .update(`${counter}-${Math.random()}`)
    .digest('hex');
  return {
    dedupeKey: hash,
    contentHash: hash,
    redelivered: false,
    environment: 'dev',
    service: 'term-deposit',
    queue: 'dev-k8s-commandstreams_bankaccount_account_term-deposit',
    deadLetterQueue: 'dead-letters',
    exchange: 'bankaccount',
    routingKey: 'account.term-deposit.created',
    messageId: `m-${counter}`,
    correlationId: `c-${counter}`,
    error: 'rejected',
    headers: { 'x-death': [{ count: 1, reason: 'rejected' }] },
    properties: { contentType: 'application/json' },
    body,
    bodySize: body.length,
    bodyTruncated: false,
    redeliveredCount: 0,
    receivedAt: new Date(Date.UTC(2026, 10, 26, 6, 0, counter % 60)),
    diedAt: new Date(Date.UTC(2026, 10, 26, 5, 59, counter % 60)),
    ...overrides,
  };
}

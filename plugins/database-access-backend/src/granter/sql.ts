import { randomBytes } from 'node:crypto';

/**
 * A SQL string literal for values the plugin generates itself (timestamps,
 * random passwords). PostgreSQL takes no bind parameters in CREATE/ALTER
 * ROLE, so these are inlined; anything else is refused rather than escaped,
 * and user text never reaches SQL at all (identifiers go through knex's `??`).
 */
export function literal(value: string): string {
  if (!/^[A-Za-z0-9:.+\- ]+$/.test(value)) {
    throw new Error('Refusing to inline an unexpected value into SQL');
  }
  return `'${value}'`;
}

/** A password nobody knows (until the requester asks for one). */
export function randomPassword(): string {
  return randomBytes(24).toString('hex');
}

/** True when the error means the server could not be reached at all. */
export function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string };
  return (
    [
      'ECONNREFUSED',
      'ETIMEDOUT',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'ECONNRESET',
      'EAI_AGAIN',
      '57P03',
    ].includes(e?.code ?? '') ||
    e?.name === 'KnexTimeoutError' ||
    /timeout acquiring a connection|connection terminated|connect ECONNREFUSED/i.test(
      e?.message ?? '',
    )
  );
}

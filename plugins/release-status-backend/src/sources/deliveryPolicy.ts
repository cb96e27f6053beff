import { isError } from '@backstage/errors';
import { createHash } from 'node:crypto';

/*
 * What to do with a delivered message once its handler resolved or threw:
 * ack it, hand it back to the broker, or reject it for good. Nothing here
 * knows about AMQP connections, so every consumer can share it.
 */

/**
 * `invalid`: certain to fail again (bad input); `transient`: the database or
 * network is away, worth retrying for as long as it takes; `unknown`: anything
 * else, retried a few times.
 */
export type FailureKind = 'invalid' | 'transient' | 'unknown';

export type DeliveryDecision =
  | { action: 'ack' }
  | { action: 'requeue'; reason: string }
  | { action: 'reject'; reason: string };

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  // PostgreSQL: serialization failure, deadlock, shutting down, starting up.
  '40001',
  '40P01',
  '57P01',
  '57P02',
  '57P03',
]);

const TRANSIENT_MESSAGES =
  /Timeout acquiring a connection|Connection terminated|connection error and is not queryable/i;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTransient(error: unknown, depth = 0): boolean {
  if (!isError(error) || depth > 3) {
    return false;
  }
  const code = errorCode(error);
  if (code !== undefined && TRANSIENT_CODES.has(code)) {
    return true;
  }
  // PostgreSQL classes 08 (connection exception), 53 (insufficient resources).
  if (code !== undefined && /^(08|53)[0-9A-Z]{3}$/.test(code)) {
    return true;
  }
  if (
    error.name === 'KnexTimeoutError' ||
    TRANSIENT_MESSAGES.test(error.message)
  ) {
    return true;
  }
  // Node reports a refused dual-stack connect as an AggregateError.
  const nested = [
    ...((error as { errors?: unknown[] }).errors ?? []),
    (error as { cause?: unknown }).cause,
  ];
  return nested.some(e => isTransient(e, depth + 1));
}

/** Sorts a handler's error into one of the three kinds. */
export function classifyFailure(error: unknown): FailureKind {
  if (isError(error) && error.name === 'InputError') {
    return 'invalid';
  }
  // PostgreSQL classes 22 (data exception) and 23 (integrity constraint),
  // except a unique violation, which a race between two writers can cause.
  const code = errorCode(error);
  if (code && /^(22|23)[0-9A-Z]{3}$/.test(code) && code !== '23505') {
    return 'invalid';
  }
  return isTransient(error) ? 'transient' : 'unknown';
}

function describe(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

/**
 * The decision for one delivery. `failures` counts the `unknown` failures of
 * this message so far, this one included.
 */
export function decideDelivery(options: {
  error?: unknown;
  kind?: FailureKind;
  failures: number;
  maxAttempts: number;
}): DeliveryDecision {
  const { error, failures, maxAttempts } = options;
  if (error === undefined) {
    return { action: 'ack' };
  }
  const kind = options.kind ?? classifyFailure(error);
  switch (kind) {
    case 'invalid':
      return { action: 'reject', reason: describe(error) };
    case 'transient':
      return {
        action: 'requeue',
        reason: `temporarily unavailable: ${describe(error)}`,
      };
    default:
      return failures >= maxAttempts
        ? {
            action: 'reject',
            reason: `gave up after ${failures} attempts: ${describe(error)}`,
          }
        : {
            action: 'requeue',
            reason: `attempt ${failures} of ${maxAttempts} failed: ${describe(
              error,
            )}`,
          };
  }
}

/**
 * Identifies a message across redeliveries (the delivery tag changes): its
 * message id, else a hash of its type and content.
 */
export function deliveryKey(message: {
  messageId?: unknown;
  type?: unknown;
  content: Buffer;
}): string {
  if (typeof message.messageId === 'string' && message.messageId) {
    return `id:${message.messageId}`;
  }
  const hash = createHash('sha256')
    .update(String(message.type ?? ''))
    .update('\0')
    .update(message.content)
    .digest('hex');
  return `sha256:${hash}`;
}

/**
 * Counts the failures of each message in memory (a restart starts over) and
 * decides with {@link decideDelivery}.
 */
export class DeliveryAttempts {
  private readonly failures = new Map<string, number>();
  private readonly maxAttempts: number;
  private readonly maxTracked: number;

  constructor(options: { maxAttempts?: number; maxTracked?: number } = {}) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.maxTracked = options.maxTracked ?? 10_000;
  }

  decide(key: string, error?: unknown): DeliveryDecision {
    const kind = error === undefined ? undefined : classifyFailure(error);
    let failures = this.failures.get(key) ?? 0;
    if (kind === 'unknown') {
      failures += 1;
      this.failures.delete(key);
      this.failures.set(key, failures);
      if (this.failures.size > this.maxTracked) {
        // The oldest entry: Maps iterate in insertion order.
        this.failures.delete(this.failures.keys().next().value!);
      }
    }
    const decision = decideDelivery({
      error,
      kind,
      failures,
      maxAttempts: this.maxAttempts,
    });
    if (decision.action !== 'requeue') {
      this.failures.delete(key);
    }
    return decision;
  }
}

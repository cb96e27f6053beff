import { JsonObject } from '@backstage/types';
import { createHash } from 'node:crypto';
import { StoredDeadLetter, StoredDeadLetterSummary } from '../types';

export const MESSAGES = 'dead_letters';
export const COUNTS = 'dead_letter_service_counts';
export const AUDIT = 'dead_letter_audit';
export const SESSIONS = 'dead_letter_ingest_sessions';
export const ERROR_COUNTS = 'dead_letter_error_counts';
export const DAILY_COUNTS = 'dead_letter_daily_counts';
export const BULK_JOBS = 'dead_letter_bulk_jobs';

export const SUMMARY_COLUMNS = [
  'id',
  'environment',
  'service',
  'queue',
  'exchange',
  'routing_key',
  'message_id',
  'correlation_id',
  'error',
  'body_size',
  'body_truncated',
  'redelivered_count',
  'received_at',
  'died_at',
];

export const FULL_COLUMNS = [
  ...SUMMARY_COLUMNS,
  'dead_letter_queue',
  'headers',
  'properties',
  'body',
];

/** SQLite stores timestamps as epoch milliseconds, PostgreSQL as timestamptz. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  const asNumber = Number(value);
  return Number.isFinite(asNumber)
    ? new Date(asNumber)
    : new Date(String(value));
}

export function parseJson(value: unknown): JsonObject {
  if (typeof value !== 'string') {
    return (value ?? {}) as JsonObject;
  }
  try {
    return JSON.parse(value);
  } catch {
    return {};
  }
}

export function toSummary(row: any): StoredDeadLetterSummary {
  return {
    id: String(row.id),
    environment: row.environment,
    service: row.service,
    queue: row.queue,
    exchange: row.exchange,
    routingKey: row.routing_key,
    messageId: row.message_id ?? null,
    correlationId: row.correlation_id ?? null,
    error: row.error ?? null,
    bodySize: Number(row.body_size),
    bodyTruncated: Boolean(row.body_truncated),
    redeliveredCount: Number(row.redelivered_count),
    receivedAt: toDate(row.received_at),
    diedAt: toDate(row.died_at ?? row.received_at),
  };
}

export function toStored(row: any): StoredDeadLetter {
  return {
    ...toSummary(row),
    deadLetterQueue: row.dead_letter_queue,
    headers: parseJson(row.headers),
    properties: parseJson(row.properties),
    body: Buffer.isBuffer(row.body)
      ? row.body
      : Buffer.from(row.body ?? new Uint8Array()),
  };
}

/** Ids in the API are decimal strings; anything else cannot exist. */
export function validIds(ids: string[]): string[] {
  return ids.filter(id => /^[0-9]{1,19}$/.test(id));
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, m => `\\${m}`);
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

export function countKey(environment: string, service: string) {
  return `${environment}\u0000${service}`;
}

/**
 * The error counters' key: md5 of the error text, '' for none. PostgreSQL
 * computes the same in SQL (`COALESCE(md5(error), '')`).
 */
export function errorKey(error: string | null): string {
  return error === null
    ? ''
    : createHash('md5').update(error, 'utf8').digest('hex');
}

/** The UTC day (YYYY-MM-DD) the daily counters file a time under. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds one to the entry of `key` in `counts`, creating it from `init`. */
export function tally<T extends { count: number }>(
  counts: Map<string, T>,
  key: string,
  init: () => T,
) {
  const entry = counts.get(key) ?? init();
  entry.count += 1;
  counts.set(key, entry);
}

/** The entries in key order, so concurrent writers lock counter rows in one order. */
export function inKeyOrder<T>(counts: Map<string, T>): T[] {
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, v]) => v);
}

import { createHash, randomUUID } from 'node:crypto';
import type { ConsumeMessage, MessageProperties, Options } from 'amqplib';
import { JsonObject, JsonValue } from '@backstage/types';
import { IncomingDeadLetter, StoredDeadLetter } from '../types';
import { UNASSIGNED_SERVICE } from '@internal/backstage-plugin-dead-letter-common';

/** Header the portal sets on a redelivered message: how often it was redelivered. */
export const REDELIVERED_COUNT_HEADER = 'x-dead-letter-redelivered-count';
/** Header the portal sets on a redelivered message: who redelivered it. */
export const REDELIVERED_BY_HEADER = 'x-dead-letter-redelivered-by';

/** Marker for header values that were bytes (AMQP byte arrays). */
const BYTES_KEY = '$base64';

export interface MessageRules {
  serviceRule: RegExp;
  serviceHeader: string;
  errorHeader: string;
  /**
   * Header naming the original queue, for consumers that dead-letter by
   * republishing (no `x-death`). Used when `x-death` does not name one.
   */
  originalQueueHeader?: string;
  maxBodyBytes: number;
}

const MAX_STRING = 255;

/** PostgreSQL text cannot hold NUL; column widths are 255 characters. */
function clean(value: string, max?: number): string {
  // eslint-disable-next-line no-control-regex
  const s = value.replace(/\u0000/g, '');
  return max !== undefined && s.length > max ? s.slice(0, max) : s;
}

/**
 * A header value as text: strings, bytes, numbers and booleans only. A table
 * or an array (which anyone who can publish may send) is not a name, so the
 * caller falls back to the next source instead of storing "[object Object]"
 * or throwing on an object whose `toString` is not a function.
 */
function optionalString(value: unknown, max = MAX_STRING): string | null {
  let s: string;
  if (typeof value === 'string') {
    s = value;
  } else if (Buffer.isBuffer(value)) {
    s = value.toString('utf8');
  } else if (
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
  ) {
    s = value.toString();
  } else {
    return null;
  }
  return s === '' ? null : clean(s, max);
}

/** Largest value of the store's integer columns. */
export const MAX_INT = 2_147_483_647;

/** A header that should be a count: a non-negative integer within the column's range, else 0. */
function count(value: unknown): number {
  let n = NaN;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'bigint') {
    n = Number(value);
  } else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    n = Number(value);
  }
  if (!Number.isFinite(n) || n <= 0) {
    return 0;
  }
  return Math.min(Math.floor(n), MAX_INT);
}

/** Converts decoded AMQP header values to JSON (bytes become { $base64 }). */
export function toJson(value: unknown): JsonValue {
  if (value === undefined || value === null) {
    return null;
  }
  if (Buffer.isBuffer(value)) {
    return { [BYTES_KEY]: value.toString('base64') };
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) {
        out[clean(k)] = toJson(v);
      }
    }
    return out;
  }
  if (typeof value === 'string') {
    return clean(value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : String(value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  return value as JsonValue;
}

/** The inverse of toJson for publishing: { $base64 } becomes bytes again. */
export function fromJson(value: JsonValue | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map(fromJson);
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === BYTES_KEY) {
      return Buffer.from(String(value[BYTES_KEY]), 'base64');
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = fromJson(v);
    }
    return out;
  }
  return value;
}

const PROPERTY_KEYS: Array<keyof MessageProperties> = [
  'contentType',
  'contentEncoding',
  'deliveryMode',
  'priority',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'timestamp',
  'type',
  'userId',
  'appId',
  'clusterId',
];

/** Headers the broker changes when it redelivers a message (not part of its identity). */
const VOLATILE_HEADERS = new Set(['x-delivery-count']);

interface XDeath {
  queue?: string;
  exchange?: string;
  reason?: string;
  'routing-keys'?: string[];
  time?: unknown;
  count?: number;
}

function firstDeath(headers: Record<string, unknown>): XDeath | undefined {
  const xDeath = headers['x-death'];
  if (
    Array.isArray(xDeath) &&
    xDeath.length > 0 &&
    xDeath[0] &&
    typeof xDeath[0] === 'object' &&
    !Array.isArray(xDeath[0])
  ) {
    // The broker keeps the most recent death first.
    return xDeath[0] as XDeath;
  }
  return undefined;
}

/**
 * An AMQP timestamp as amqplib decodes it ({ '!': 'timestamp', value:
 * seconds }), or seconds as a number; undefined when it is anything else or
 * not a plausible time.
 */
function deathTime(value: unknown): Date | undefined {
  let seconds: unknown = value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    seconds = (value as { value?: unknown }).value;
  }
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return undefined;
  }
  const date = new Date(seconds * 1000);
  // Before 2000 or after 2100: not a time the broker set.
  return date.getUTCFullYear() >= 2000 && date.getUTCFullYear() < 2100
    ? date
    : undefined;
}

/** The service the rule reads from a queue name; undefined when it does not match. */
export function serviceFromQueue(
  queue: string,
  rule: RegExp,
): string | undefined {
  const match = rule.exec(queue);
  const service = match ? match[1] ?? match[0] : undefined;
  return service && service.length > 0 ? service : undefined;
}

/**
 * Turns a delivery from a dead-letter queue into what is stored: original
 * queue, exchange and routing key from `x-death` (most recent death), the
 * service from the service header or the queue name rule, the error from the
 * error header or the death reason, and a dedupe key that is the same when
 * the broker delivers the same message again.
 */
export function toIncomingDeadLetter(
  msg: Pick<ConsumeMessage, 'content' | 'fields' | 'properties'>,
  context: IngestContext,
  rules: MessageRules,
): IncomingDeadLetter {
  const rawHeaders = (
    msg.properties.headers && typeof msg.properties.headers === 'object'
      ? msg.properties.headers
      : {}
  ) as Record<string, unknown>;
  const death = firstDeath(rawHeaders);
  const headers: JsonObject = {};
  for (const [k, v] of Object.entries(rawHeaders)) {
    // Set by quorum queues on every redelivery: not part of the message.
    if (v !== undefined && !VOLATILE_HEADERS.has(k)) {
      headers[clean(k)] = toJson(v);
    }
  }
  const properties: JsonObject = {};
  for (const key of PROPERTY_KEYS) {
    const value = msg.properties[key];
    if (value !== undefined && value !== null) {
      properties[key] = toJson(value);
    }
  }

  const originalQueue =
    optionalString(death?.queue) ??
    optionalString(rawHeaders['x-last-death-queue']) ??
    optionalString(rawHeaders['x-first-death-queue']) ??
    (rules.originalQueueHeader
      ? optionalString(rawHeaders[rules.originalQueueHeader])
      : null);
  const queue = originalQueue ?? clean(context.deadLetterQueue, MAX_STRING);
  const exchange =
    optionalString(death?.exchange) ??
    optionalString(rawHeaders['x-last-death-exchange']) ??
    optionalString(rawHeaders['x-first-death-exchange']) ??
    clean(msg.fields.exchange ?? '', MAX_STRING);
  const routingKey =
    optionalString(
      Array.isArray(death?.['routing-keys'])
        ? death?.['routing-keys'][0]
        : undefined,
    ) ?? clean(msg.fields.routingKey ?? '', MAX_STRING);
  // Without a header or an original queue the rule matches, nobody can be
  // told: unassigned, not a service named after a queue.
  const ruled = originalQueue
    ? serviceFromQueue(originalQueue, rules.serviceRule)
    : undefined;
  const service =
    optionalString(rawHeaders[rules.serviceHeader]) ??
    (ruled ? clean(ruled, MAX_STRING) : UNASSIGNED_SERVICE);
  const error =
    optionalString(rawHeaders[rules.errorHeader], 100_000) ??
    optionalString(death?.reason) ??
    optionalString(rawHeaders['x-last-death-reason']) ??
    optionalString(rawHeaders['x-first-death-reason']);
  const content = msg.content ?? Buffer.alloc(0);
  // The broker keeps a message's headers and properties as published, in
  // order, so their JSON is stable across redeliveries (volatile headers are
  // left out above); hashing it is cheaper than canonical JSON.
  const headersJson = JSON.stringify(headers);
  const propertiesJson = JSON.stringify(properties);
  const contentHash = createHash('sha256')
    .update(context.environment)
    .update('\0')
    .update(context.deadLetterQueue)
    .update('\0')
    .update(propertiesJson)
    .update('\0')
    .update(headersJson)
    .update('\0')
    .update(content)
    .digest('hex');

  return {
    dedupeKey: randomUUID(),
    contentHash,
    redelivered: msg.fields?.redelivered === true,
    environment: context.environment,
    service,
    queue,
    deadLetterQueue: clean(context.deadLetterQueue, MAX_STRING),
    exchange,
    routingKey,
    messageId: optionalString(msg.properties.messageId),
    correlationId: optionalString(msg.properties.correlationId),
    error,
    headers,
    properties,
    headersJson,
    propertiesJson,
    body:
      content.length > rules.maxBodyBytes
        ? content.subarray(0, rules.maxBodyBytes)
        : content,
    bodySize: Math.min(content.length, MAX_INT),
    bodyTruncated: content.length > rules.maxBodyBytes,
    redeliveredCount: count(rawHeaders[REDELIVERED_COUNT_HEADER]),
    receivedAt: context.receivedAt,
    diedAt:
      deathTime(death?.time) ??
      deathTime(rawHeaders['x-last-death-time']) ??
      deathTime(rawHeaders['x-first-death-time']) ??
      context.receivedAt,
  };
}

/**
 * What is kept of a message when its full record cannot be stored (or read):
 * where it died, its ids, body and the reason, without headers and
 * properties. Visible in the portal like any other dead letter, so nothing
 * is dropped silently.
 */
export function parkedDeadLetter(
  msg: Pick<ConsumeMessage, 'content' | 'fields' | 'properties'>,
  context: IngestContext,
  rules: MessageRules,
  reason: string,
): IncomingDeadLetter {
  const queue = clean(context.deadLetterQueue, MAX_STRING);
  const content = msg.content ?? Buffer.alloc(0);
  const headers: JsonObject = { 'x-portal-unreadable': clean(reason, 2000) };
  return {
    dedupeKey: randomUUID(),
    contentHash: createHash('sha256')
      .update(context.environment)
      .update('\0')
      .update(context.deadLetterQueue)
      .update('\0')
      .update(content)
      .digest('hex'),
    redelivered: msg.fields?.redelivered === true,
    environment: context.environment,
    // Its headers could not be read: the original queue is not known.
    service: UNASSIGNED_SERVICE,
    queue,
    deadLetterQueue: queue,
    exchange: clean(String(msg.fields?.exchange ?? ''), MAX_STRING),
    routingKey: clean(String(msg.fields?.routingKey ?? ''), MAX_STRING),
    messageId: optionalString(msg.properties?.messageId),
    correlationId: optionalString(msg.properties?.correlationId),
    error: `Stored without its headers and properties: ${clean(reason, 2000)}`,
    headers,
    properties: {},
    body:
      content.length > rules.maxBodyBytes
        ? content.subarray(0, rules.maxBodyBytes)
        : content,
    bodySize: Math.min(content.length, MAX_INT),
    bodyTruncated: content.length > rules.maxBodyBytes,
    redeliveredCount: 0,
    receivedAt: context.receivedAt,
    diedAt: context.receivedAt,
  };
}

/** Where and when a delivery was received. */
export interface IngestContext {
  environment: string;
  deadLetterQueue: string;
  receivedAt: Date;
}

function isDeathHeader(name: string): boolean {
  return (
    name === 'x-death' ||
    name.startsWith('x-first-death-') ||
    name.startsWith('x-last-death-') ||
    VOLATILE_HEADERS.has(name)
  );
}

/**
 * Publish options for a redelivery: the original properties, the headers
 * without the broker's death headers, plus the redelivery marker. `userId`
 * is dropped because the broker checks it against the portal's own user.
 */
export function redeliveryOptions(
  message: Pick<
    StoredDeadLetter,
    'headers' | 'properties' | 'redeliveredCount'
  >,
  actor: string,
): Options.Publish {
  const headers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(message.headers)) {
    if (!isDeathHeader(k)) {
      headers[k] = fromJson(v);
    }
  }
  headers[REDELIVERED_COUNT_HEADER] = message.redeliveredCount + 1;
  headers[REDELIVERED_BY_HEADER] = actor;

  const p = message.properties;
  const str = (v: JsonValue | undefined) =>
    typeof v === 'string' ? v : undefined;
  const num = (v: JsonValue | undefined) =>
    typeof v === 'number' ? v : undefined;
  return {
    headers,
    contentType: str(p.contentType),
    contentEncoding: str(p.contentEncoding),
    deliveryMode: num(p.deliveryMode) ?? 2,
    priority: num(p.priority),
    correlationId: str(p.correlationId),
    replyTo: str(p.replyTo),
    expiration: str(p.expiration) ?? num(p.expiration)?.toString(),
    messageId: str(p.messageId),
    timestamp: num(p.timestamp),
    type: str(p.type),
    appId: str(p.appId),
  };
}

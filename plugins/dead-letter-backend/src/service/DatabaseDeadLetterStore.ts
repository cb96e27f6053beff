import { Knex } from 'knex';
import { JsonObject } from '@backstage/types';
import {
  AuditRecord,
  DeadLetterFilter,
  DeadLetterStore,
  IncomingDeadLetter,
  ServiceCountRecord,
  StoredDeadLetter,
  StoredDeadLetterSummary,
} from '../types';

const MESSAGES = 'dead_letters';
const COUNTS = 'dead_letter_service_counts';
const AUDIT = 'dead_letter_audit';
const SESSIONS = 'dead_letter_ingest_sessions';

const SUMMARY_COLUMNS = [
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
];

const FULL_COLUMNS = [
  ...SUMMARY_COLUMNS,
  'dead_letter_queue',
  'headers',
  'properties',
  'body',
];

/** SQLite stores timestamps as epoch milliseconds, PostgreSQL as timestamptz. */
function toDate(value: unknown): Date {
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

function parseJson(value: unknown): JsonObject {
  if (typeof value !== 'string') {
    return (value ?? {}) as JsonObject;
  }
  try {
    return JSON.parse(value);
  } catch {
    return {};
  }
}

function toSummary(row: any): StoredDeadLetterSummary {
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
  };
}

function toStored(row: any): StoredDeadLetter {
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
function validIds(ids: string[]): string[] {
  return ids.filter(id => /^[0-9]{1,19}$/.test(id));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, m => `\\${m}`);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

function countKey(environment: string, service: string) {
  return `${environment}\u0000${service}`;
}

/** Knex implementation of {@link DeadLetterStore} for PostgreSQL and SQLite. */
export class DatabaseDeadLetterStore implements DeadLetterStore {
  private readonly isPostgres: boolean;

  constructor(private readonly db: Knex) {
    this.isPostgres = String(db.client.config.client).includes('pg');
  }

  async insertBatch(
    messages: IncomingDeadLetter[],
  ): Promise<{ inserted: number; ids: string[] }> {
    if (messages.length === 0) {
      return { inserted: 0, ids: [] };
    }
    if (!messages.some(m => m.redelivered)) {
      return this.insertRows(this.db, messages);
    }
    return this.db.transaction(async tx =>
      this.insertRows(tx, await this.withoutStoredRedeliveries(tx, messages)),
    );
  }

  /**
   * A delivery the broker marks as redelivered may have been stored before
   * its ack was lost (a crash, a dropped connection). It is that message when
   * a row with the same content hash is still waiting for its ack: claim that
   * row (one delivery per row) and do not store the delivery again.
   */
  private async withoutStoredRedeliveries(
    tx: Knex.Transaction,
    messages: IncomingDeadLetter[],
  ): Promise<IncomingDeadLetter[]> {
    const hashes = [
      ...new Set(messages.filter(m => m.redelivered).map(m => m.contentHash)),
    ];
    const pending = new Map<string, Array<{ id: string; seq: unknown }>>();
    for (const part of chunks(hashes, 500)) {
      const rows = await tx(`${MESSAGES} as d`)
        .leftJoin(`${SESSIONS} as s`, 's.session', 'd.ingest_session')
        .whereIn('d.content_hash', part)
        .where('d.ingest_seq', '>', tx.raw('COALESCE(s.confirmed_seq, 0)'))
        .select('d.id', 'd.content_hash', 'd.ingest_seq')
        .orderBy('d.id');
      for (const row of rows) {
        pending.set(row.content_hash, [
          ...(pending.get(row.content_hash) ?? []),
          { id: String(row.id), seq: row.ingest_seq },
        ]);
      }
    }
    const fresh: IncomingDeadLetter[] = [];
    for (const message of messages) {
      const candidates = message.redelivered
        ? pending.get(message.contentHash) ?? []
        : [];
      let claimed = false;
      while (!claimed && candidates.length > 0) {
        const { id, seq } = candidates.shift()!;
        claimed =
          (await tx(MESSAGES)
            .where({ id, ingest_seq: seq })
            .update({ ingest_seq: 0 })) === 1;
      }
      if (!claimed) {
        fresh.push(message);
      }
    }
    return fresh;
  }

  private toRow(m: IncomingDeadLetter): Record<string, unknown> {
    return {
      dedupe_key: m.dedupeKey,
      content_hash: m.contentHash,
      ingest_session: m.ingestSession ?? null,
      ingest_seq: m.ingestSeq ?? null,
      environment: m.environment,
      service: m.service,
      queue: m.queue,
      dead_letter_queue: m.deadLetterQueue,
      exchange: m.exchange,
      routing_key: m.routingKey,
      message_id: m.messageId,
      correlation_id: m.correlationId,
      error: m.error,
      headers: m.headersJson ?? JSON.stringify(m.headers),
      properties: m.propertiesJson ?? JSON.stringify(m.properties),
      body: m.body,
      body_size: m.bodySize,
      body_truncated: m.bodyTruncated,
      redelivered_count: m.redeliveredCount,
      received_at: m.receivedAt,
    };
  }

  private async insertRows(
    db: Knex,
    messages: IncomingDeadLetter[],
  ): Promise<{ inserted: number; ids: string[] }> {
    if (messages.length === 0) {
      return { inserted: 0, ids: [] };
    }
    const rows = messages.map(m => this.toRow(m));
    if (this.isPostgres) {
      return this.insertPostgres(db, rows);
    }
    const insert = async (tx: Knex) => {
      const inserted: Array<{
        id: unknown;
        environment: string;
        service: string;
      }> = await tx(MESSAGES)
        .insert(rows)
        .returning(['id', 'environment', 'service']);
      const latest = new Map<string, Date>();
      for (const m of messages) {
        const key = countKey(m.environment, m.service);
        const prev = latest.get(key);
        if (!prev || prev < m.receivedAt) {
          latest.set(key, m.receivedAt);
        }
      }
      const counts = new Map<string, ServiceCountRecord>();
      for (const row of inserted) {
        const key = countKey(row.environment, row.service);
        const entry = counts.get(key) ?? {
          environment: row.environment,
          service: row.service,
          count: 0,
          lastReceivedAt: latest.get(key) ?? null,
        };
        entry.count += 1;
        counts.set(key, entry);
      }
      // Sorted, so that concurrent writers lock counter rows in one order.
      const sorted = [...counts.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, v]) => v);
      await tx(COUNTS)
        .insert(
          sorted.map(c => ({
            environment: c.environment,
            service: c.service,
            message_count: c.count,
            last_received_at: c.lastReceivedAt,
          })),
        )
        .onConflict(['environment', 'service'])
        .merge({
          message_count: tx.raw(
            `${COUNTS}.message_count + excluded.message_count`,
          ),
          last_received_at: tx.raw(
            `MAX(COALESCE(${COUNTS}.last_received_at, excluded.last_received_at), excluded.last_received_at)`,
          ),
        });
      return {
        inserted: inserted.length,
        ids: inserted.map(r => String(r.id)),
      };
    };
    return db.isTransaction ? insert(db) : db.transaction(insert);
  }

  /**
   * One statement, so one implicit transaction and one round trip: the
   * messages go in with one array parameter per column (unnest), and the
   * per-service counters are raised by what was inserted, in a fixed order
   * so that concurrent writers do not deadlock.
   */
  private async insertPostgres(
    db: Knex,
    rows: Array<Record<string, unknown>>,
  ): Promise<{ inserted: number; ids: string[] }> {
    const columns: Array<[string, string]> = [
      ['dedupe_key', 'text'],
      ['content_hash', 'text'],
      ['ingest_session', 'text'],
      ['ingest_seq', 'bigint'],
      ['environment', 'text'],
      ['service', 'text'],
      ['queue', 'text'],
      ['dead_letter_queue', 'text'],
      ['exchange', 'text'],
      ['routing_key', 'text'],
      ['message_id', 'text'],
      ['correlation_id', 'text'],
      ['error', 'text'],
      ['headers', 'text'],
      ['properties', 'text'],
      ['body', 'bytea'],
      ['body_size', 'int'],
      ['body_truncated', 'boolean'],
      ['redelivered_count', 'int'],
      ['received_at', 'timestamptz'],
    ];
    const result = await db.raw(
      `WITH ins AS (
         INSERT INTO ${MESSAGES} (${columns.map(([c]) => c).join(', ')})
         SELECT * FROM unnest(${columns.map(([, t]) => `?::${t}[]`).join(', ')})
         RETURNING id, environment, service, received_at
       ), counted AS (
         INSERT INTO ${COUNTS} (environment, service, message_count, last_received_at)
         SELECT environment, service, count(*), max(received_at)
         FROM ins GROUP BY environment, service ORDER BY environment, service
         ON CONFLICT (environment, service) DO UPDATE SET
           message_count = ${COUNTS}.message_count + excluded.message_count,
           last_received_at = GREATEST(${COUNTS}.last_received_at, excluded.last_received_at)
         RETURNING 1
       )
       SELECT id FROM ins`,
      // Arrays bind as PostgreSQL arrays (Buffers as bytea).
      columns.map(([c]) => rows.map(r => r[c])) as unknown as Knex.RawBinding[],
    );
    const ids = result.rows.map((r: { id: unknown }) => String(r.id));
    return { inserted: ids.length, ids };
  }

  async markAcked(session: string, seq: number): Promise<void> {
    await this.db(SESSIONS)
      .insert({ session, confirmed_seq: seq, updated_at: new Date() })
      .onConflict('session')
      .merge({
        confirmed_seq: this.db.raw(
          `${
            this.isPostgres ? 'GREATEST' : 'MAX'
          }(${SESSIONS}.confirmed_seq, excluded.confirmed_seq)`,
        ),
        updated_at: new Date(),
      });
  }

  async claimRedelivery(
    ids: string[],
    token: string,
    staleBefore: Date,
  ): Promise<string[]> {
    const valid = validIds(ids);
    if (valid.length === 0) {
      return [];
    }
    // One conditional UPDATE: of two concurrent requests (or replicas), the
    // second sees the first one's claim and takes nothing.
    await this.db(MESSAGES)
      .whereIn('id', valid)
      .where(q =>
        q
          .whereNull('redelivery_claim')
          .orWhere('redelivery_claimed_at', '<', staleBefore),
      )
      .update({ redelivery_claim: token, redelivery_claimed_at: new Date() });
    const rows = await this.db(MESSAGES)
      .whereIn('id', valid)
      .where('redelivery_claim', token)
      .select('id')
      .orderBy('id');
    return rows.map(r => String(r.id));
  }

  async releaseRedelivery(ids: string[], token: string): Promise<void> {
    const valid = validIds(ids);
    if (valid.length > 0) {
      await this.db(MESSAGES)
        .whereIn('id', valid)
        .where('redelivery_claim', token)
        .update({ redelivery_claim: null, redelivery_claimed_at: null });
    }
  }

  private applyFilter(query: Knex.QueryBuilder, filter: DeadLetterFilter) {
    if (filter.environment) {
      query.where('environment', filter.environment);
    }
    if (filter.service) {
      query.where('service', filter.service);
    }
    if (filter.services) {
      query.whereIn('service', filter.services);
    }
    if (filter.queue) {
      query.where('queue', filter.queue);
    }
    if (filter.q) {
      const pattern = `%${escapeLike(filter.q.toLocaleLowerCase('en-US'))}%`;
      query.where(inner => {
        for (const column of [
          'message_id',
          'correlation_id',
          'error',
          'routing_key',
          'queue',
        ]) {
          inner.orWhereRaw(`LOWER(??) LIKE ? ESCAPE '\\'`, [column, pattern]);
        }
      });
    }
    return query;
  }

  async list(
    filter: DeadLetterFilter,
    page: { offset: number; limit: number },
  ): Promise<{ items: StoredDeadLetterSummary[]; totalCount: number }> {
    if (filter.services && filter.services.length === 0) {
      return { items: [], totalCount: 0 };
    }
    // One snapshot for the page and its total, so they agree while ingest writes.
    return this.db.transaction(async tx => {
      if (this.isPostgres) {
        await tx.raw(
          'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY',
        );
      }
      // Page over the index first (ids only), then read just that page's rows:
      // deep pages no longer read every skipped row.
      const pageIds = this.applyFilter(tx(MESSAGES), filter)
        .select('id')
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit);
      const rows = await tx(MESSAGES)
        .whereIn('id', pageIds)
        .select(SUMMARY_COLUMNS)
        .orderBy('id', 'desc');

      let totalCount: number;
      if (!filter.queue && !filter.q) {
        // The counters are kept in the same transactions as the messages.
        const counts = tx(COUNTS).sum({ total: 'message_count' });
        if (filter.environment) counts.where('environment', filter.environment);
        if (filter.service) counts.where('service', filter.service);
        if (filter.services) counts.whereIn('service', filter.services);
        const [{ total }] = await counts;
        totalCount = Number(total ?? 0);
      } else {
        const [{ total }] = await this.applyFilter(tx(MESSAGES), filter).count({
          total: '*',
        });
        totalCount = Number(total);
      }
      return { items: rows.map(toSummary), totalCount };
    });
  }

  async get(id: string): Promise<StoredDeadLetter | undefined> {
    if (validIds([id]).length === 0) {
      return undefined;
    }
    const row = await this.db(MESSAGES).where('id', id).first(FULL_COLUMNS);
    return row ? toStored(row) : undefined;
  }

  async getSummaries(ids: string[]): Promise<StoredDeadLetterSummary[]> {
    const valid = validIds(ids);
    if (valid.length === 0) {
      return [];
    }
    const rows = await this.db(MESSAGES)
      .whereIn('id', valid)
      .select(SUMMARY_COLUMNS);
    return rows.map(toSummary);
  }

  async getMany(ids: string[]): Promise<StoredDeadLetter[]> {
    const valid = validIds(ids);
    if (valid.length === 0) {
      return [];
    }
    const rows = await this.db(MESSAGES)
      .whereIn('id', valid)
      .select(FULL_COLUMNS);
    return rows.map(toStored);
  }

  async delete(ids: string[]): Promise<string[]> {
    const valid = validIds(ids);
    if (valid.length === 0) {
      return [];
    }
    return this.db.transaction(async tx => {
      // SQLite has no DELETE ... RETURNING in knex: lock, read, then delete.
      const select = tx(MESSAGES)
        .whereIn('id', valid)
        .select('id', 'environment', 'service');
      const rows: Array<{ id: unknown; environment: string; service: string }> =
        await (this.isPostgres ? select.forUpdate() : select);
      if (rows.length === 0) {
        return [];
      }
      await tx(MESSAGES)
        .whereIn(
          'id',
          rows.map(r => String(r.id)),
        )
        .delete();
      const counts = new Map<string, ServiceCountRecord>();
      for (const row of rows) {
        const key = countKey(row.environment, row.service);
        const entry = counts.get(key) ?? {
          environment: row.environment,
          service: row.service,
          count: 0,
          lastReceivedAt: null,
        };
        entry.count += 1;
        counts.set(key, entry);
      }
      for (const [, c] of [...counts.entries()].sort(([a], [b]) =>
        a < b ? -1 : 1,
      )) {
        await tx(COUNTS)
          .where({ environment: c.environment, service: c.service })
          .update({
            message_count: tx.raw('message_count - ?', [c.count]),
            last_received_at: tx(MESSAGES)
              .max('received_at')
              .where({ environment: c.environment, service: c.service }),
          });
        await tx(COUNTS)
          .where({ environment: c.environment, service: c.service })
          .where('message_count', '<=', 0)
          .delete();
      }
      return rows.map(r => String(r.id));
    });
  }

  async serviceCounts(environment?: string): Promise<ServiceCountRecord[]> {
    const query = this.db(COUNTS)
      .select('environment', 'service', 'message_count', 'last_received_at')
      .where('message_count', '>', 0)
      .orderBy([
        { column: 'message_count', order: 'desc' },
        { column: 'service', order: 'asc' },
      ]);
    if (environment) {
      query.where('environment', environment);
    }
    const rows = await query;
    return rows.map(r => ({
      environment: r.environment,
      service: r.service,
      count: Number(r.message_count),
      lastReceivedAt: r.last_received_at ? toDate(r.last_received_at) : null,
    }));
  }

  async addAudit(records: AuditRecord[]): Promise<void> {
    if (records.length === 0) {
      return;
    }
    await this.db(AUDIT).insert(
      records.map(r => ({
        action: r.action,
        actor: r.actor.slice(0, 255),
        environment: r.environment,
        service: r.service,
        message_ids: JSON.stringify(r.messageIds),
        outcome: r.outcome,
        details: JSON.stringify(r.details),
        created_at: r.createdAt,
      })),
    );
  }

  async listAudit(options: {
    service?: string;
    limit: number;
  }): Promise<Array<AuditRecord & { id: string }>> {
    const query = this.db(AUDIT).orderBy('id', 'desc').limit(options.limit);
    if (options.service) {
      query.where('service', options.service);
    }
    const rows = await query;
    return rows.map(r => ({
      id: String(r.id),
      action: r.action,
      actor: r.actor,
      environment: r.environment,
      service: r.service,
      messageIds: JSON.parse(r.message_ids),
      outcome: r.outcome,
      details: parseJson(r.details),
      createdAt: toDate(r.created_at),
    }));
  }
}

import { Knex } from 'knex';
import { IncomingDeadLetter, InsertResult, ServiceCountRecord } from '../types';
import { perService, POSTGRES_COUNTER_CTES, raiseCounters } from './counters';
import {
  chunks,
  COUNTS,
  countKey,
  inKeyOrder,
  MESSAGES,
  SESSIONS,
  tally,
} from './rows';

/**
 * Writes what ingest receives: one statement per batch on PostgreSQL,
 * redeliveries of messages stored but not yet acked matched and skipped,
 * and how far each consumer session has confirmed its acks.
 */
export class DeadLetterWriter {
  constructor(
    private readonly db: Knex,
    private readonly isPostgres: boolean,
    /** Rows received longer ago than this are never taken for a redelivery. */
    private readonly matchWindowMs: number,
  ) {}

  async insertBatch(messages: IncomingDeadLetter[]): Promise<InsertResult> {
    if (messages.length === 0) {
      return { inserted: 0, ids: [], services: [] };
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
   * row (one delivery per row) and do not store the delivery again. Only rows
   * received within the match window count: the broker hands back what a
   * dead channel held as soon as a consumer is there, so an older row whose
   * ack was never confirmed was acked after all, and must not swallow a new
   * equal message (the redelivered-twin window is bounded by it), and
   * pruned sessions cannot make old rows look unconfirmed.
   */
  private async withoutStoredRedeliveries(
    tx: Knex.Transaction,
    messages: IncomingDeadLetter[],
  ): Promise<IncomingDeadLetter[]> {
    const hashes = [
      ...new Set(messages.filter(m => m.redelivered).map(m => m.contentHash)),
    ];
    const pending = new Map<string, Array<{ id: string; seq: unknown }>>();
    const since = new Date(Date.now() - this.matchWindowMs);
    for (const part of chunks(hashes, 500)) {
      const rows = await tx(`${MESSAGES} as d`)
        .leftJoin(`${SESSIONS} as s`, 's.session', 'd.ingest_session')
        .whereIn('d.content_hash', part)
        .where('d.received_at', '>', since)
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
      died_at: m.diedAt,
    };
  }

  private async insertRows(
    db: Knex,
    messages: IncomingDeadLetter[],
  ): Promise<InsertResult> {
    if (messages.length === 0) {
      return { inserted: 0, ids: [], services: [] };
    }
    const rows = messages.map(m => this.toRow(m));
    if (this.isPostgres) {
      const ids = await this.insertPostgres(db, rows);
      return { inserted: ids.length, ids, services: perService(messages) };
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
        tally(counts, key, () => ({
          environment: row.environment,
          service: row.service,
          count: 0,
          lastReceivedAt: latest.get(key) ?? null,
        }));
      }
      const sorted = inKeyOrder(counts);
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
      await raiseCounters(tx, messages);
      return {
        inserted: inserted.length,
        ids: inserted.map(r => String(r.id)),
        services: perService(messages),
      };
    };
    return db.isTransaction ? insert(db) : db.transaction(insert);
  }

  /**
   * One statement, so one implicit transaction and one round trip: the
   * messages go in with one array parameter per column (unnest), and the
   * per-service, per-error and per-day counters are raised by what was
   * inserted, in a fixed order so that concurrent writers do not deadlock.
   */
  private async insertPostgres(
    db: Knex,
    rows: Array<Record<string, unknown>>,
  ): Promise<string[]> {
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
      ['died_at', 'timestamptz'],
    ];
    const result = await db.raw(
      `WITH ins AS (
         INSERT INTO ${MESSAGES} (${columns.map(([c]) => c).join(', ')})
         SELECT * FROM unnest(${columns.map(([, t]) => `?::${t}[]`).join(', ')})
         RETURNING id, environment, service, received_at, error, died_at
       ), counted AS (
         INSERT INTO ${COUNTS} (environment, service, message_count, last_received_at)
         SELECT environment, service, count(*), max(received_at)
         FROM ins GROUP BY environment, service ORDER BY environment, service
         ON CONFLICT (environment, service) DO UPDATE SET
           message_count = ${COUNTS}.message_count + excluded.message_count,
           last_received_at = GREATEST(${COUNTS}.last_received_at, excluded.last_received_at)
         RETURNING 1
       ),${POSTGRES_COUNTER_CTES}
       SELECT id FROM ins`,
      // Arrays bind as PostgreSQL arrays (Buffers as bytea).
      columns.map(([c]) => rows.map(r => r[c])) as unknown as Knex.RawBinding[],
    );
    return result.rows.map((r: { id: unknown }) => String(r.id));
  }

  /**
   * Deletes the ack progress of sessions that have not confirmed anything
   * since `before` (ended, or idle). Safe once `before` is a match window
   * older than now: the rows such a session stored are outside the window,
   * so whether they look confirmed no longer matters; a session still alive
   * writes its row again on its next confirm.
   */
  async pruneSessions(before: Date): Promise<number> {
    return this.db(SESSIONS).where('updated_at', '<', before).delete();
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
}

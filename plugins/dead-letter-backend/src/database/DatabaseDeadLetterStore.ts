import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  AuditRecord,
  DailyCountRecord,
  DeadLetterFilter,
  DeadLetterStore,
  ErrorCountRecord,
  IncomingDeadLetter,
  InsertResult,
  ServiceCountRecord,
  StoredDeadLetter,
  StoredDeadLetterSummary,
} from '../types';

import {
  AUDIT,
  COUNTS,
  escapeLike,
  FULL_COLUMNS,
  MESSAGES,
  parseJson,
  SUMMARY_COLUMNS,
  toDate,
  toStored,
  toSummary,
  validIds,
} from './rows';
import { DeadLetterWriter } from './DeadLetterWriter';
import {
  countOfError,
  lowerErrorCounters,
  onlyServiceFilters,
  perService,
  readDailyCounts,
  readErrorCounts,
} from './counters';

/** Default of `deadLetter.ingestSessions.redeliveryMatchWindow`. */
export const REDELIVERY_MATCH_WINDOW_MS = 24 * 60 * 60_000;

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-dead-letter-backend',
  'migrations',
);

export async function applyMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

export async function revertMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ directory: migrationsDir }, true);
}

/** Knex implementation of {@link DeadLetterStore} for PostgreSQL and SQLite. */
export class DatabaseDeadLetterStore implements DeadLetterStore {
  /** The store of the plugin's database, migrated unless migrations are skipped. */
  static async create(options: {
    database: DatabaseService;
    redeliveryMatchWindowMs?: number;
  }): Promise<DatabaseDeadLetterStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applyMigrations(knex);
    }
    return new DatabaseDeadLetterStore(knex, options);
  }

  private readonly isPostgres: boolean;
  private readonly writer: DeadLetterWriter;

  constructor(
    private readonly db: Knex,
    options: {
      /** See `deadLetter.ingestSessions.redeliveryMatchWindow`. Default 24 h. */
      redeliveryMatchWindowMs?: number;
    } = {},
  ) {
    this.isPostgres = String(db.client.config.client).includes('pg');
    this.writer = new DeadLetterWriter(
      db,
      this.isPostgres,
      options.redeliveryMatchWindowMs ?? REDELIVERY_MATCH_WINDOW_MS,
    );
  }

  insertBatch(messages: IncomingDeadLetter[]): Promise<InsertResult> {
    return this.writer.insertBatch(messages);
  }

  markAcked(session: string, seq: number): Promise<void> {
    return this.writer.markAcked(session, seq);
  }

  /** Forgets ingest sessions without a confirm since `before`; how many. */
  pruneIngestSessions(before: Date): Promise<number> {
    return this.writer.pruneSessions(before);
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
    if (filter.error === null) {
      query.whereNull('error');
    } else if (filter.error !== undefined) {
      query.where('error', filter.error);
    }
    // Knex binds a Date as epoch milliseconds on SQLite, which is how the
    // timestamps are stored there.
    if (filter.from) {
      query.where('died_at', '>=', filter.from);
    }
    if (filter.to) {
      query.where('died_at', '<=', filter.to);
    }
    if (filter.upToId) {
      query.where('id', '<=', filter.upToId);
    }
    if (filter.afterId) {
      query.where('id', '>', filter.afterId);
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
    page: { offset: number; limit: number; order?: 'asc' | 'desc' },
  ): Promise<{
    items: StoredDeadLetterSummary[];
    totalCount: number;
    newestId?: string;
  }> {
    const order = page.order ?? 'desc';
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
        .orderBy('id', order)
        .offset(page.offset)
        .limit(page.limit);
      const rows = await tx(MESSAGES)
        .whereIn('id', pageIds)
        .select(SUMMARY_COLUMNS)
        .orderBy('id', order);

      let totalCount: number;
      const [{ newest }] = await this.applyFilter(tx(MESSAGES), filter).max({
        newest: 'id',
      });
      const newestId =
        newest === null || newest === undefined ? undefined : String(newest);
      if (onlyServiceFilters(filter)) {
        // The counters are kept in the same transactions as the messages.
        const counts = tx(COUNTS).sum({ total: 'message_count' });
        if (filter.environment) counts.where('environment', filter.environment);
        if (filter.service) counts.where('service', filter.service);
        if (filter.services) counts.whereIn('service', filter.services);
        const [{ total }] = await counts;
        totalCount = Number(total ?? 0);
      } else if (onlyServiceFilters({ ...filter, error: undefined })) {
        // One error of a service (the triage chips): its counter.
        totalCount = await countOfError(tx, this.isPostgres, filter);
      } else {
        const [{ total }] = await this.applyFilter(tx(MESSAGES), filter).count({
          total: '*',
        });
        totalCount = Number(total);
      }
      return { items: rows.map(toSummary), totalCount, newestId };
    });
  }

  async count(filter: DeadLetterFilter): Promise<number> {
    if (filter.services && filter.services.length === 0) {
      return 0;
    }
    const [{ total }] = await this.applyFilter(this.db(MESSAGES), filter).count(
      { total: '*' },
    );
    return Number(total);
  }

  async matchingIds(
    filter: DeadLetterFilter,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.applyFilter(this.db(MESSAGES), filter)
      .select('id')
      .orderBy('id', 'asc')
      .limit(limit);
    return rows.map((r: { id: unknown }) => String(r.id));
  }

  dailyCounts(options: {
    environment?: string;
    since: string;
  }): Promise<DailyCountRecord[]> {
    return readDailyCounts(this.db, options);
  }

  async errorCounts(
    filter: DeadLetterFilter,
    limit: number,
  ): Promise<ErrorCountRecord[]> {
    if (filter.services && filter.services.length === 0) {
      return [];
    }
    if (onlyServiceFilters(filter)) {
      return readErrorCounts(this.db, filter, limit);
    }
    const rows = await this.applyFilter(this.db(MESSAGES), filter)
      .select('error')
      .count({ count: '*' })
      .groupBy('error')
      .orderBy([
        { column: 'count', order: 'desc' },
        { column: 'error', order: 'asc', nulls: 'last' },
      ])
      .limit(limit);
    return rows.map((r: any) => ({
      error: r.error ?? null,
      count: Number(r.count),
    }));
  }

  async get(id: string): Promise<StoredDeadLetter | undefined> {
    if (validIds([id]).length === 0) {
      return undefined;
    }
    const row = await this.db(MESSAGES).where('id', id).first(FULL_COLUMNS);
    return row ? toStored(row) : undefined;
  }

  async lookup(id: string, limit: number): Promise<StoredDeadLetterSummary[]> {
    // Two index lookups (message_id, correlation_id) rather than one OR,
    // which some planners turn into a scan.
    const byMessageId = this.db(MESSAGES)
      .where('message_id', id)
      .select(SUMMARY_COLUMNS)
      .orderBy('id', 'desc')
      .limit(limit);
    const byCorrelationId = this.db(MESSAGES)
      .where('correlation_id', id)
      .select(SUMMARY_COLUMNS)
      .orderBy('id', 'desc')
      .limit(limit);
    const rows = [...(await byMessageId), ...(await byCorrelationId)];
    const seen = new Set<string>();
    return rows
      .map(toSummary)
      .filter(m => !seen.has(m.id) && Boolean(seen.add(m.id)))
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, limit);
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
        .select('id', 'environment', 'service', 'error');
      const rows: Array<{
        id: unknown;
        environment: string;
        service: string;
        error: string | null;
      }> = await (this.isPostgres ? select.forUpdate() : select);
      if (rows.length === 0) {
        return [];
      }
      await tx(MESSAGES)
        .whereIn(
          'id',
          rows.map(r => String(r.id)),
        )
        .delete();
      // In key order, so that concurrent writers lock counter rows in one order.
      for (const c of perService(rows)) {
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
      await lowerErrorCounters(tx, this.isPostgres, rows);
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

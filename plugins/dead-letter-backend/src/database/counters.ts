import { Knex } from 'knex';
import {
  DailyCountRecord,
  DeadLetterFilter,
  ErrorCountRecord,
  StoredCount,
} from '../types';
import {
  DAILY_COUNTS,
  dayOf,
  ERROR_COUNTS,
  errorKey,
  inKeyOrder,
  tally,
} from './rows';

interface Counted {
  environment: string;
  service: string;
  error: string | null;
  diedAt: Date;
}

/** How many of `messages` each service got. */
export function perService(
  messages: Array<{ environment: string; service: string }>,
): StoredCount[] {
  const counts = new Map<string, StoredCount>();
  for (const m of messages) {
    tally(counts, `${m.environment}\u0000${m.service}`, () => ({
      environment: m.environment,
      service: m.service,
      count: 0,
    }));
  }
  return inKeyOrder(counts);
}

/**
 * SQL for PostgreSQL's insert statement: given a CTE `ins` that returns
 * environment, service, error and died_at of the inserted rows, raises the
 * error and daily counters in the same statement.
 */
export const POSTGRES_COUNTER_CTES = `
  errors_counted AS (
    INSERT INTO ${ERROR_COUNTS} (environment, service, error_key, error, message_count)
    SELECT environment, service, COALESCE(md5(error), ''), min(error), count(*)
    FROM ins GROUP BY environment, service, COALESCE(md5(error), '')
    ORDER BY 1, 2, 3
    ON CONFLICT (environment, service, error_key) DO UPDATE SET
      message_count = ${ERROR_COUNTS}.message_count + excluded.message_count
    RETURNING 1
  ), days_counted AS (
    INSERT INTO ${DAILY_COUNTS} (environment, service, day, message_count)
    SELECT environment, service, to_char(died_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*)
    FROM ins GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (environment, service, day) DO UPDATE SET
      message_count = ${DAILY_COUNTS}.message_count + excluded.message_count
    RETURNING 1
  )`;

/** Raises the error and daily counters by the inserted messages (SQLite). */
export async function raiseCounters(tx: Knex, messages: Counted[]) {
  const errors = new Map<
    string,
    {
      environment: string;
      service: string;
      key: string;
      error: string | null;
      count: number;
    }
  >();
  const days = new Map<
    string,
    { environment: string; service: string; day: string; count: number }
  >();
  for (const m of messages) {
    const key = errorKey(m.error);
    tally(errors, `${m.environment}\u0000${m.service}\u0000${key}`, () => ({
      environment: m.environment,
      service: m.service,
      key,
      error: m.error,
      count: 0,
    }));
    const day = dayOf(m.diedAt);
    tally(days, `${m.environment}\u0000${m.service}\u0000${day}`, () => ({
      environment: m.environment,
      service: m.service,
      day,
      count: 0,
    }));
  }
  await tx(ERROR_COUNTS)
    .insert(
      inKeyOrder(errors).map(e => ({
        environment: e.environment,
        service: e.service,
        error_key: e.key,
        error: e.error,
        message_count: e.count,
      })),
    )
    .onConflict(['environment', 'service', 'error_key'])
    .merge({
      message_count: tx.raw(
        `${ERROR_COUNTS}.message_count + excluded.message_count`,
      ),
    });
  await tx(DAILY_COUNTS)
    .insert(
      inKeyOrder(days).map(d => ({
        environment: d.environment,
        service: d.service,
        day: d.day,
        message_count: d.count,
      })),
    )
    .onConflict(['environment', 'service', 'day'])
    .merge({
      message_count: tx.raw(
        `${DAILY_COUNTS}.message_count + excluded.message_count`,
      ),
    });
}

/** Lowers the error counters by deleted messages (the daily counts stay). */
export async function lowerErrorCounters(
  tx: Knex,
  isPostgres: boolean,
  deleted: Array<{
    environment: string;
    service: string;
    error: string | null;
  }>,
) {
  const groups = new Map<
    string,
    {
      environment: string;
      service: string;
      error: string | null;
      count: number;
    }
  >();
  for (const m of deleted) {
    tally(
      groups,
      `${m.environment}\u0000${m.service}\u0000${errorKey(m.error)}`,
      () => ({
        environment: m.environment,
        service: m.service,
        error: m.error,
        count: 0,
      }),
    );
  }
  for (const g of inKeyOrder(groups)) {
    const row = tx(ERROR_COUNTS).where({
      environment: g.environment,
      service: g.service,
    });
    if (isPostgres) {
      row.whereRaw(`error_key = COALESCE(md5(?::text), '')`, [g.error]);
    } else {
      row.where('error_key', errorKey(g.error));
    }
    await row
      .clone()
      .update({ message_count: tx.raw('message_count - ?', [g.count]) });
    await row.clone().where('message_count', '<=', 0).delete();
  }
}

/** The counters only know environment, service and error. */
export function onlyServiceFilters(filter: DeadLetterFilter): boolean {
  return (
    !filter.queue &&
    !filter.q &&
    filter.error === undefined &&
    !filter.from &&
    !filter.to &&
    !filter.upToId &&
    !filter.afterId
  );
}

/** Distinct errors with counts from the counters, most frequent first. */
export async function readErrorCounts(
  db: Knex,
  filter: DeadLetterFilter,
  limit: number,
): Promise<ErrorCountRecord[]> {
  const query = db(ERROR_COUNTS)
    .select('error_key')
    .min({ error: 'error' })
    .sum({ count: 'message_count' })
    .where('message_count', '>', 0)
    .groupBy('error_key')
    .orderBy([
      { column: 'count', order: 'desc' },
      { column: 'error', order: 'asc', nulls: 'last' },
    ])
    .limit(limit);
  if (filter.environment) query.where('environment', filter.environment);
  if (filter.service) query.where('service', filter.service);
  if (filter.services) query.whereIn('service', filter.services);
  const rows = await query;
  return rows.map((r: any) => ({
    error: r.error_key === '' ? null : r.error ?? null,
    count: Number(r.count),
  }));
}

/** Messages per day per service since a day (YYYY-MM-DD), in day order. */
export async function readDailyCounts(
  db: Knex,
  options: { environment?: string; since: string },
): Promise<DailyCountRecord[]> {
  const query = db(DAILY_COUNTS)
    .select('environment', 'service', 'day', 'message_count')
    .where('day', '>=', options.since)
    .orderBy(['day', 'environment', 'service']);
  if (options.environment) query.where('environment', options.environment);
  const rows = await query;
  return rows.map(r => ({
    environment: r.environment,
    service: r.service,
    day: r.day,
    count: Number(r.message_count),
  }));
}

/** Messages with one error text (null: none), from the counters. */
export async function countOfError(
  db: Knex,
  isPostgres: boolean,
  filter: DeadLetterFilter,
): Promise<number> {
  const error = filter.error ?? null;
  const query = db(ERROR_COUNTS).sum({ total: 'message_count' });
  if (isPostgres) {
    query.whereRaw(`error_key = COALESCE(md5(?::text), '')`, [error]);
  } else {
    query.where('error_key', errorKey(error));
  }
  if (filter.environment) query.where('environment', filter.environment);
  if (filter.service) query.where('service', filter.service);
  if (filter.services) query.whereIn('service', filter.services);
  const [{ total }] = await query;
  return Number(total ?? 0);
}

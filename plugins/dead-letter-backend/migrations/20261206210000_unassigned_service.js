// @ts-check

const { createHash } = require('node:crypto');

const UNASSIGNED = '~unassigned';

/**
 * Dead letters whose service could not be told used to be stored under a
 * service named after a queue (the original queue when the service rule did
 * not match it, else the dead-letter queue). They are now stored under
 * `~unassigned` and listed as "Unassigned" for admins. This moves the
 * existing ones, with their counters: rows whose service equals their
 * queue or their dead-letter queue (what the old fallback produced). No row
 * is deleted; `down` puts them back under their queue's name.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.transaction(async tx => {
    await relabel(
      tx,
      tx('dead_letters')
        .where(q =>
          q
            .whereRaw('service = queue')
            .orWhereRaw('service = dead_letter_queue'),
        )
        .whereNot('service', UNASSIGNED),
      () => UNASSIGNED,
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.transaction(async tx => {
    await relabel(
      tx,
      tx('dead_letters').where('service', UNASSIGNED),
      row => row.queue,
    );
  });
};

/** @param {string | null} error */
function errorKey(error) {
  return error === null || error === undefined
    ? ''
    : createHash('md5').update(error, 'utf8').digest('hex');
}

/** @param {unknown} value */
function toDate(value) {
  return value instanceof Date ? value : new Date(/** @type {any} */ (value));
}

/**
 * Moves the selected rows to the service `target(row)` and their counts in
 * the three counter tables with them (subtracted from the old service,
 * added to the new one; a counter that reaches 0 is removed).
 *
 * @param {import('knex').Knex.Transaction} tx
 * @param {import('knex').Knex.QueryBuilder} rows
 * @param {(row: any) => string} target
 */
async function relabel(tx, rows, target) {
  const selected = await rows
    .clone()
    .select(
      'id',
      'environment',
      'service',
      'queue',
      'error',
      'received_at',
      'died_at',
    );
  if (selected.length === 0) {
    return;
  }
  /** @type {Map<string, {table: string, key: Record<string, string>, delta: number, extra?: Record<string, unknown>, last?: Date}>} */
  const changes = new Map();
  /**
   * @param {string} table
   * @param {Record<string, string>} key
   * @param {number} delta
   * @param {Record<string, unknown>} [extra]
   * @param {Date} [last]
   */
  const change = (table, key, delta, extra, last) => {
    const id = `${table}\u0000${JSON.stringify(key)}`;
    const entry = changes.get(id) ?? { table, key, delta: 0, extra, last };
    entry.delta += delta;
    if (last && (!entry.last || last > entry.last)) {
      entry.last = last;
    }
    changes.set(id, entry);
  };
  /** @type {Map<string, string[]>} */
  const idsByTarget = new Map();
  for (const row of selected) {
    const to = target(row);
    idsByTarget.set(to, [...(idsByTarget.get(to) ?? []), row.id]);
    const day = toDate(row.died_at ?? row.received_at)
      .toISOString()
      .slice(0, 10);
    for (const [service, delta] of [
      [row.service, -1],
      [to, 1],
    ]) {
      const env = { environment: row.environment, service };
      change(
        'dead_letter_service_counts',
        env,
        delta,
        undefined,
        delta > 0 ? toDate(row.received_at) : undefined,
      );
      change(
        'dead_letter_error_counts',
        { ...env, error_key: errorKey(row.error) },
        delta,
        { error: row.error },
      );
      change('dead_letter_daily_counts', { ...env, day }, delta);
    }
  }
  for (const [to, ids] of idsByTarget) {
    for (let i = 0; i < ids.length; i += 500) {
      await tx('dead_letters')
        .whereIn('id', ids.slice(i, i + 500))
        .update({ service: to });
    }
  }
  for (const { table, key, delta, extra, last } of changes.values()) {
    if (delta === 0) {
      continue;
    }
    const existing = await tx(table).where(key).first();
    if (existing) {
      const count = Number(existing.message_count) + delta;
      if (count <= 0) {
        await tx(table).where(key).delete();
      } else {
        /** @type {Record<string, unknown>} */
        const update = { message_count: count };
        if (
          last &&
          table === 'dead_letter_service_counts' &&
          (!existing.last_received_at ||
            last > toDate(existing.last_received_at))
        ) {
          update.last_received_at = last;
        }
        await tx(table).where(key).update(update);
      }
    } else if (delta > 0) {
      await tx(table).insert({
        ...key,
        ...extra,
        message_count: delta,
        ...(table === 'dead_letter_service_counts'
          ? { last_received_at: last ?? null }
          : {}),
      });
    }
  }
}

// @ts-check

const { createHash } = require('node:crypto');

/**
 * Counters kept at ingest so that triage stays fast with millions of stored
 * messages: messages per error text per service (lowered on delete and
 * redelivery) and dead letters per day per service (the trends, never
 * lowered). Bulk actions by filter record their progress in
 * dead_letter_bulk_jobs so any replica can report it.
 *
 * The error key is md5 of the error text ('' for none): PostgreSQL computes
 * it in SQL, SQLite (which has no md5) in JavaScript; the same bytes give
 * the same key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const isPostgres = String(knex.client.config.client).includes('pg');
  await knex.schema.createTable('dead_letter_error_counts', table => {
    table.string('environment', 255).notNullable();
    table.string('service', 255).notNullable();
    table.string('error_key', 32).notNullable();
    table.text('error').nullable();
    table.bigInteger('message_count').notNullable();
    table.primary(['environment', 'service', 'error_key']);
  });
  await knex.schema.createTable('dead_letter_daily_counts', table => {
    table.string('environment', 255).notNullable();
    table.string('service', 255).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC) it died');
    table.bigInteger('message_count').notNullable();
    table.primary(['environment', 'service', 'day']);
    table.index(['day'], 'dead_letter_daily_counts_day_idx');
  });
  await knex.schema.createTable('dead_letter_bulk_jobs', table => {
    table.bigIncrements('id').primary();
    table.string('action', 16).notNullable();
    table.string('environment', 255).notNullable();
    table.string('service', 255).notNullable();
    table.string('actor', 255).notNullable();
    table.text('filter').notNullable().comment('JSON of the bulk filter');
    table.bigInteger('up_to_id').notNullable();
    table.string('state', 16).notNullable();
    table.integer('total').notNullable();
    table.integer('processed').notNullable().defaultTo(0);
    table.integer('succeeded').notNullable().defaultTo(0);
    table.integer('failed').notNullable().defaultTo(0);
    table.text('failures').notNullable().defaultTo('[]');
    table.text('error').nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('heartbeat_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
  });

  // What is stored already.
  if (isPostgres) {
    await knex.raw(`INSERT INTO dead_letter_error_counts (environment, service, error_key, error, message_count)
      SELECT environment, service, COALESCE(md5(error), ''), error, count(*)
      FROM dead_letters GROUP BY environment, service, error`);
    await knex.raw(`INSERT INTO dead_letter_daily_counts (environment, service, day, message_count)
      SELECT environment, service, to_char(COALESCE(died_at, received_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*)
      FROM dead_letters GROUP BY 1, 2, 3`);
    return;
  }
  /** @type {Array<{ environment: string, service: string, error: string | null, n: unknown }>} */
  const errors = await knex('dead_letters')
    .select('environment', 'service', 'error')
    .count({ n: '*' })
    .groupBy('environment', 'service', 'error');
  for (const row of errors) {
    await knex('dead_letter_error_counts').insert({
      environment: row.environment,
      service: row.service,
      error_key:
        row.error === null
          ? ''
          : createHash('md5').update(String(row.error), 'utf8').digest('hex'),
      error: row.error,
      message_count: Number(row.n),
    });
  }
  await knex.raw(`INSERT INTO dead_letter_daily_counts (environment, service, day, message_count)
    SELECT environment, service, strftime('%Y-%m-%d', COALESCE(died_at, received_at) / 1000, 'unixepoch'), count(*)
    FROM dead_letters GROUP BY 1, 2, 3`);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dead_letter_bulk_jobs');
  await knex.schema.dropTable('dead_letter_daily_counts');
  await knex.schema.dropTable('dead_letter_error_counts');
};

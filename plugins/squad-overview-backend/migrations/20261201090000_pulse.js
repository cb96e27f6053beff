// @ts-check

/**
 * The pulse: what happened to a squad's services, one row per source event
 * (source_id is unique, so a webhook delivered twice is one entry); and the
 * dead letters stored per service and environment, counted for spikes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('squad_overview_pulse', table => {
    table.comment('Pulse entries of squads');
    table.bigIncrements('id').primary();
    table.string('source_id', 255).notNullable().unique();
    table.string('squad', 255).notNullable();
    table.string('service', 255).notNullable();
    table.string('kind', 32).notNullable();
    table.text('summary').notNullable();
    table.string('actor', 255).nullable();
    table.text('url').nullable();
    // Epoch milliseconds: compares and sorts the same on PostgreSQL and SQLite.
    table.bigInteger('at').notNullable();
    table.index(['squad', 'at', 'id'], 'squad_overview_pulse_squad_at_idx');
    table.index(['at'], 'squad_overview_pulse_at_idx');
  });
  await knex.schema.createTable('squad_overview_dead_letters', table => {
    table.comment(
      'Dead letters stored per service and environment, for spikes',
    );
    table.bigIncrements('id').primary();
    table.string('service', 255).notNullable();
    table.string('environment', 255).notNullable();
    table.integer('count').notNullable();
    table.bigInteger('at').notNullable();
    table.index(['service', 'environment', 'at'], 'squad_overview_dl_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('squad_overview_dead_letters');
  await knex.schema.dropTable('squad_overview_pulse');
};

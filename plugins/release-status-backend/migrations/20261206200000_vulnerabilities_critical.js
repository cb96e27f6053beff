// @ts-check

/**
 * Critical findings next to high/medium/low, and whether a release carried
 * vulnerability figures at all (0 findings is not the same as none sent).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('releases', table => {
    table.integer('vulnerabilities_critical').notNullable().defaultTo(0);
    table.boolean('vulnerabilities_reported').notNullable().defaultTo(false);
  });
  // Rows from before this column: any finding means figures were sent.
  await knex('releases')
    .where('vulnerabilities_high', '>', 0)
    .orWhere('vulnerabilities_medium', '>', 0)
    .orWhere('vulnerabilities_low', '>', 0)
    .update({ vulnerabilities_reported: true });

  await knex.schema.createTable('security_daily', table => {
    table.comment(
      'Per UTC day, the findings of what runs in each environment of a service',
    );
    table.string('service', 255).notNullable();
    table.string('environment', 255).notNullable();
    // YYYY-MM-DD in UTC: sorts and compares as text on PostgreSQL and SQLite.
    table.string('day', 10).notNullable();
    table.integer('high').notNullable().defaultTo(0);
    table.integer('critical').notNullable().defaultTo(0);
    // False when what runs there carried no vulnerability figures.
    table.boolean('reported').notNullable().defaultTo(false);
    table.string('artifact_id', 255).nullable();
    table.bigInteger('updated_at').notNullable();
    table.primary(['service', 'environment', 'day']);
    table.index(['environment', 'day'], 'security_daily_by_day');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('security_daily');
  await knex.schema.alterTable('releases', table => {
    table.dropColumn('vulnerabilities_critical');
    table.dropColumn('vulnerabilities_reported');
  });
};

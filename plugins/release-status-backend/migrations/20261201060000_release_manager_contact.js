// @ts-check

/**
 * When the scheduled backfill last reached the release manager, and its last
 * failure: one row (id 1), so every backend replica answers the same.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_manager_contact', table => {
    table.comment('Last contact of the release manager by the backfill');
    table.integer('id').primary();
    // Epoch milliseconds, as in `releases`.
    table.bigInteger('last_reached_at').nullable();
    table.text('last_error_message').nullable();
    table.bigInteger('last_error_at').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_manager_contact');
};

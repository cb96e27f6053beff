// @ts-check

/**
 * Finding a message by its message id or correlation id across all
 * services and environments (the Dead Letter page's lookup) without a scan.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dead_letters', table => {
    table.index(['message_id'], 'dead_letters_message_id_idx');
    table.index(['correlation_id'], 'dead_letters_correlation_id_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dead_letters', table => {
    table.dropIndex(['message_id'], 'dead_letters_message_id_idx');
    table.dropIndex(['correlation_id'], 'dead_letters_correlation_id_idx');
  });
};

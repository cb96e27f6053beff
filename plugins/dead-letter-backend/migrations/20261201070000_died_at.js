// @ts-check

/**
 * When a message died (x-death time), which the Timestamp column shows:
 * it can be long before the portal received it (a backlog, an outage).
 * Rows stored before this migration take their received time.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dead_letters', table => {
    table
      .timestamp('died_at', { useTz: true })
      .nullable()
      .comment('When the message died (x-death time), else received_at');
  });
  await knex('dead_letters').update({ died_at: knex.ref('received_at') });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dead_letters', table => {
    table.dropColumn('died_at');
  });
};

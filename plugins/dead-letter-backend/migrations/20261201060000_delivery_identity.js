// @ts-check

/**
 * Two equal messages are two rows: `dedupe_key` becomes a fresh id per
 * delivery, and what identified a message's content moves to
 * `content_hash`. A delivery the broker marks as redelivered is matched
 * against rows stored but not yet acked with the same hash, so a message
 * stored before a crash and redelivered after it is kept once. A row is
 * waiting for its ack while its batch number (`ingest_seq`) is above what
 * its consumer session has confirmed (`dead_letter_ingest_sessions`): one
 * small write per session, not an update of every row.
 * `redelivery_claim` lets only one request (or replica) publish a message.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dead_letters', table => {
    table
      .string('content_hash', 64)
      .nullable()
      .comment(
        'sha256 of environment, dead-letter queue, properties, headers and body',
      );
    table
      .string('ingest_session', 36)
      .nullable()
      .comment('The consumer channel session that stored it');
    table
      .bigInteger('ingest_seq')
      .nullable()
      .comment('Its batch number in that session; 0 once matched');
    table
      .string('redelivery_claim', 64)
      .nullable()
      .comment('Set while one request publishes the message back');
    table.timestamp('redelivery_claimed_at', { useTz: true }).nullable();
  });
  await knex.schema.createTable('dead_letter_ingest_sessions', table => {
    table.comment('How far each consumer session has confirmed its acks');
    table.string('session', 36).primary();
    table.bigInteger('confirmed_seq').notNullable().defaultTo(0);
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex('dead_letters').update({ content_hash: knex.ref('dedupe_key') });
  await knex.schema.alterTable('dead_letters', table => {
    table.dropUnique(['dedupe_key'], 'dead_letters_dedupe_key_uniq');
    table.index(['content_hash'], 'dead_letters_content_hash_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dead_letter_ingest_sessions');
  await knex.schema.alterTable('dead_letters', table => {
    table.dropIndex(['content_hash'], 'dead_letters_content_hash_idx');
  });
  // Rows that are equal messages share a hash: the row id keeps keys apart.
  await knex('dead_letters').update({
    dedupe_key: knex.raw('CAST(id AS VARCHAR(64))'),
  });
  await knex.schema.alterTable('dead_letters', table => {
    table.dropColumn('redelivery_claimed_at');
    table.dropColumn('redelivery_claim');
    table.dropColumn('ingest_seq');
    table.dropColumn('ingest_session');
    table.dropColumn('content_hash');
    table.unique(['dedupe_key'], { indexName: 'dead_letters_dedupe_key_uniq' });
  });
};

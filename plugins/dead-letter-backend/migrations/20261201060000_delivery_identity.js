// @ts-check

/**
 * Two equal messages are two rows: `dedupe_key` becomes a fresh id per
 * delivery, and what identified a message's content moves to
 * `content_hash`. A delivery the broker marks as redelivered is matched
 * against rows stored but not yet acked (`ack_pending`) with the same hash,
 * so a message stored before a crash and redelivered after it is kept once.
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
      .boolean('ack_pending')
      .notNullable()
      .defaultTo(false)
      .comment('Stored, the broker ack not yet sent');
    table
      .string('redelivery_claim', 64)
      .nullable()
      .comment('Set while one request publishes the message back');
    table.timestamp('redelivery_claimed_at', { useTz: true }).nullable();
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
    table.dropColumn('ack_pending');
    table.dropColumn('content_hash');
    table.unique(['dedupe_key'], { indexName: 'dead_letters_dedupe_key_uniq' });
  });
};

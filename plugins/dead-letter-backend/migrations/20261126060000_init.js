// @ts-check

/**
 * Dead letters, per-service counters (so overviews and unfiltered counts do
 * not scan the messages) and the audit trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dead_letters', table => {
    table.comment('Dead-lettered AMQP messages, stored before they are acked');
    table.bigIncrements('id').primary();
    table
      .string('dedupe_key', 64)
      .notNullable()
      .unique({ indexName: 'dead_letters_dedupe_key_uniq' })
      .comment(
        'sha256 of environment, dead-letter queue, properties, headers and body',
      );
    table.string('environment', 255).notNullable();
    table.string('service', 255).notNullable();
    table
      .string('queue', 255)
      .notNullable()
      .comment('Queue the message died on');
    table.string('dead_letter_queue', 255).notNullable();
    table.string('exchange', 255).notNullable();
    table.string('routing_key', 255).notNullable();
    table.string('message_id', 255).nullable();
    table.string('correlation_id', 255).nullable();
    table.text('error').nullable();
    table.text('headers').notNullable().comment('JSON');
    table.text('properties').notNullable().comment('JSON');
    table.binary('body').notNullable();
    table.integer('body_size').notNullable();
    table.boolean('body_truncated').notNullable().defaultTo(false);
    table.integer('redelivered_count').notNullable().defaultTo(0);
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(
      ['environment', 'service', 'id'],
      'dead_letters_env_service_id_idx',
    );
    table.index(['service', 'id'], 'dead_letters_service_id_idx');
    // Few indexes on purpose: each one costs ingest throughput. Lists always
    // filter by service (and environment); the rest scan the id order.
  });

  await knex.schema.createTable('dead_letter_service_counts', table => {
    table.comment('Stored messages per environment and service');
    table.string('environment', 255).notNullable();
    table.string('service', 255).notNullable();
    table.bigInteger('message_count').notNullable().defaultTo(0);
    table.timestamp('last_received_at', { useTz: true }).nullable();
    table.primary(['environment', 'service']);
  });

  await knex.schema.createTable('dead_letter_audit', table => {
    table.comment(
      'Every delete and redeliver, who, when, which messages, outcome',
    );
    table.bigIncrements('id').primary();
    table.string('action', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.string('environment', 255).notNullable();
    table.string('service', 255).notNullable();
    table.text('message_ids').notNullable().comment('JSON array');
    table.string('outcome', 32).notNullable();
    table.text('details').notNullable().comment('JSON');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['service', 'id'], 'dead_letter_audit_service_id_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dead_letter_audit');
  await knex.schema.dropTable('dead_letter_service_counts');
  await knex.schema.dropTable('dead_letters');
};

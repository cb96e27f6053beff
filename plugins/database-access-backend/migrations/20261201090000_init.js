// @ts-check

/**
 * Access requests, their approvals, the grants made for them and the audit
 * trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('database_access_requests', table => {
    table.comment('Requests for time-boxed access to a database');
    table.string('id', 36).primary();
    table.string('database_ref', 255).notNullable();
    table.string('database_name', 255).notNullable();
    table.string('owner_ref', 255).nullable();
    table.string('environment', 255).notNullable();
    table.string('level', 16).notNullable();
    table.text('reason').notNullable();
    table.integer('duration_minutes').notNullable();
    table.string('requester', 255).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment(
        'pending, granting (claimed by one approver), active, rejected, expired, revoked, ended, failed',
      );
    table.integer('approvals_required').notNullable().defaultTo(1);
    table.string('decided_by', 255).nullable();
    table.text('decision_reason').nullable();
    table.text('error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('approve_by', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(
      ['requester', 'created_at'],
      'database_access_requests_requester_idx',
    );
    table.index(
      ['status', 'approve_by'],
      'database_access_requests_status_idx',
    );
    table.index(['database_ref'], 'database_access_requests_database_idx');
  });

  await knex.schema.createTable('database_access_approvals', table => {
    table.comment('One row per approver of a request');
    table.increments('id').primary();
    table.string('request_id', 36).notNullable();
    table.string('approver', 255).notNullable();
    table.text('comment').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.unique(['request_id', 'approver'], {
      indexName: 'database_access_approvals_once_uniq',
    });
  });

  await knex.schema.createTable('database_access_grants', table => {
    table.comment('The role (or PostgreSQLUser) made for an approved request');
    table.string('request_id', 36).primary();
    table.string('environment', 255).notNullable();
    table.string('database_name', 255).notNullable();
    table.string('level', 16).notNullable();
    table
      .string('role_name', 63)
      .notNullable()
      .unique({ indexName: 'database_access_grants_role_uniq' });
    table.string('mode', 16).notNullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('granting, active, revoking, ended, failed');
    table.timestamp('valid_from', { useTz: true }).notNullable();
    table.timestamp('valid_until', { useTz: true }).notNullable();
    table.boolean('credentials_issued').notNullable().defaultTo(false);
    table.string('commit_sha', 64).nullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.string('ended_by', 255).nullable();
    table.text('end_reason').nullable();
    table
      .string('claim', 64)
      .nullable()
      .comment('Token of the replica that is granting or revoking this row');
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table.index(['state', 'valid_until'], 'database_access_grants_due_idx');
  });

  await knex.schema.createTable('database_access_audit', table => {
    table.comment('Every request, decision, grant, revoke and failure');
    table.bigIncrements('id').primary();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('request_id', 36).nullable();
    table.string('database_ref', 255).nullable();
    table.string('environment', 255).nullable();
    table.string('level', 16).nullable();
    table.text('reason').nullable();
    table.text('detail').nullable();
    table.index(['at'], 'database_access_audit_at_idx');
    table.index(['database_ref', 'at'], 'database_access_audit_database_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('database_access_audit');
  await knex.schema.dropTable('database_access_grants');
  await knex.schema.dropTable('database_access_approvals');
  await knex.schema.dropTable('database_access_requests');
};

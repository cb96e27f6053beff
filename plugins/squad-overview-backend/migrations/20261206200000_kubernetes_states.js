// @ts-check

/**
 * Pod activity: the last seen state of each pod with a problem and of each
 * service's deployment per cluster (what the pulse compares against), and the
 * crash-loop notifications sent (one row per service: the claim that keeps
 * two replicas from both notifying within the hour).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('squad_overview_k8s_states', table => {
    table.comment('Last seen Kubernetes states per cluster, for the pulse');
    table.string('cluster', 255).notNullable();
    // pod:<namespace>/<name>, service:<kubernetes-id>, or cluster (seen once).
    table.string('object_key', 512).notNullable();
    table.string('state', 1024).notNullable();
    // Epoch milliseconds of when the object entered this state.
    table.bigInteger('since').notNullable();
    table.primary(['cluster', 'object_key']);
  });
  await knex.schema.createTable('squad_overview_k8s_notified', table => {
    table.comment('When a squad was last notified of a crash loop per service');
    table.string('claim_key', 512).primary();
    table.bigInteger('at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('squad_overview_k8s_notified');
  await knex.schema.dropTable('squad_overview_k8s_states');
};

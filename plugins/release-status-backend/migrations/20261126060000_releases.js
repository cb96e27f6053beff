// @ts-check

/**
 * One row per release of a service to an environment, whichever source saw it
 * first; later sources fill in what was missing.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('releases', table => {
    table.comment('Releases of services to environments');
    table.bigIncrements('id').primary();
    table.string('service', 255).notNullable();
    table.string('environment', 255).notNullable();
    table.string('artifact_id', 255).notNullable();
    // Epoch milliseconds: compares and sorts the same on PostgreSQL and SQLite.
    table.bigInteger('released_at').notNullable();
    // Whether released_at is the release manager's own record (exact) or when
    // a source saw the release (replaced by an exact time when one arrives).
    table.boolean('released_at_exact').notNullable().defaultTo(false);
    table.string('sha', 64).nullable();
    table.string('branch', 255).nullable();
    table.string('namespace', 255).nullable();
    table.string('squad', 255).nullable();
    table.string('released_by', 255).nullable();
    table.string('released_by_email', 255).nullable();
    table.string('author', 255).nullable();
    table.string('author_email', 255).nullable();
    table.string('committer', 255).nullable();
    table.string('committer_email', 255).nullable();
    table.text('message').nullable();
    table.text('build_url').nullable();
    table.text('repository_url').nullable();
    table.integer('vulnerabilities_high').notNullable().defaultTo(0);
    table.integer('vulnerabilities_medium').notNullable().defaultTo(0);
    table.integer('vulnerabilities_low').notNullable().defaultTo(0);
    table.string('intent', 32).notNullable().defaultTo('unknown');
    table.string('source', 32).notNullable();
    table.boolean('failed').notNullable().defaultTo(false);
    table.bigInteger('recorded_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    // The same source reporting the same release again is a no-op.
    table.unique(['service', 'environment', 'artifact_id', 'released_at'], {
      indexName: 'releases_release_key',
    });
    table.index(['service', 'environment', 'released_at'], 'releases_by_env');
    table.index(['environment', 'artifact_id'], 'releases_by_artifact');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('releases');
};

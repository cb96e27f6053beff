/*
 * Backstage's Jest configuration (what `backstage-cli repo test` uses), with
 * one change: the SWC transform shares its cache between packages and clones
 * (scripts/jest/swcTransform.js). `yarn test` and scripts/test.sh pass it.
 * scripts/jest/README.md lists this and the jsdom patch.
 */
const BACKSTAGE_SWC = require.resolve(
  '@backstage/cli-module-test-jest/config/jestSwcTransform',
);
const SHARED_SWC = require.resolve('./scripts/jest/swcTransform');

function withSharedCache(project) {
  if (!project.transform) {
    return project;
  }
  const transform = {};
  for (const [pattern, entry] of Object.entries(project.transform)) {
    const [file, options] = Array.isArray(entry) ? entry : [entry];
    transform[pattern] =
      file === BACKSTAGE_SWC ? [SHARED_SWC, options ?? {}] : entry;
  }
  return { ...project, transform };
}

module.exports = require('@backstage/cli/config/jest').then(config =>
  config.projects
    ? { ...config, projects: config.projects.map(withSharedCache) }
    : withSharedCache(config),
);

/*
 * Backstage's Jest configuration (what `backstage-cli repo test` uses), with
 * two changes: the SWC transform shares its cache between packages and
 * clones (scripts/jest/swcTransform.js), and the frontend (jsdom) suites
 * print a failed query's document only when the message is read
 * (scripts/jest/lazyElementError.js). `yarn test` and scripts/test.sh pass it.
 * jsdom itself is patched too (.yarn/patches); scripts/jest/README.md lists all.
 */
const BACKSTAGE_SWC = require.resolve(
  '@backstage/cli-module-test-jest/config/jestSwcTransform',
);
const SHARED_SWC = require.resolve('./scripts/jest/swcTransform');
const LAZY_ELEMENT_ERROR = require.resolve('./scripts/jest/lazyElementError');

function isJsdom(project) {
  return /jest-environment-jsdom/.test(project.testEnvironment ?? '');
}

function withLunarSetup(project) {
  if (!project.transform) {
    return project;
  }
  const transform = {};
  for (const [pattern, entry] of Object.entries(project.transform)) {
    const [file, options] = Array.isArray(entry) ? entry : [entry];
    transform[pattern] =
      file === BACKSTAGE_SWC ? [SHARED_SWC, options ?? {}] : entry;
  }
  const setupFilesAfterEnv = isJsdom(project)
    ? [LAZY_ELEMENT_ERROR, ...(project.setupFilesAfterEnv ?? [])]
    : project.setupFilesAfterEnv;
  return { ...project, transform, setupFilesAfterEnv };
}

module.exports = require('@backstage/cli/config/jest').then(config =>
  config.projects
    ? { ...config, projects: config.projects.map(withLunarSetup) }
    : withLunarSetup(config),
);

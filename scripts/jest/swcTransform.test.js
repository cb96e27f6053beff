/*
 * node --test scripts/jest/swcTransform.test.js (run by scripts/test.sh with
 * the static checks): the shared cache key of scripts/jest/swcTransform.js.
 */
const assert = require('node:assert/strict');
const path = require('node:path');
const test = require('node:test');
const backstage = require('@backstage/cli-module-test-jest/config/jestSwcTransform');
const shared = require('./swcTransform');

const ROOT = path.resolve(__dirname, '../..');
const OPTIONS = { jsc: { parser: { syntax: 'typescript', tsx: true } } };
const SOURCE = "import { x } from './x';\nexport const y: number = x + 1;\n";

/** What Jest passes for one package (project) of one clone. */
function jestOptions(clone, pkg, extra = {}) {
  const rootDir = path.join(clone, pkg, 'src');
  return {
    config: { rootDir, id: 'backstage_cli_same' },
    configString: JSON.stringify({ rootDir, displayName: pkg }),
    instrument: false,
    supportsDynamicImport: false,
    supportsExportNamespaceFrom: false,
    supportsStaticESM: false,
    supportsTopLevelAwait: false,
    ...extra,
  };
}

test('a node_modules file has one key in every package and every clone', () => {
  const transformer = shared.createTransformer(OPTIONS);
  const keys = [
    ['/tmp/clone-a', 'plugins/dead-letter'],
    ['/tmp/clone-a', 'plugins/database-access'],
    ['/tmp/clone-b', 'packages/app'],
  ].map(([clone, pkg]) =>
    transformer.getCacheKey(
      SOURCE,
      path.join(clone, 'node_modules/@material-ui/core/index.ts'),
      jestOptions(clone, pkg),
    ),
  );
  assert.equal(new Set(keys).size, 1);

  // Backstage's own key differs per package: the reason for this transform.
  const own = backstage.createTransformer(OPTIONS);
  const file = path.join(ROOT, 'node_modules/@material-ui/core/index.ts');
  assert.notEqual(
    own.getCacheKey(SOURCE, file, jestOptions(ROOT, 'plugins/dead-letter')),
    own.getCacheKey(SOURCE, file, jestOptions(ROOT, 'packages/app')),
  );
});

test('our own files are keyed by their absolute path, so a clone never reuses another clone’s', () => {
  const transformer = shared.createTransformer(OPTIONS);
  const key = clone =>
    transformer.getCacheKey(
      SOURCE,
      path.join(clone, 'plugins/dead-letter/src/index.ts'),
      jestOptions(clone, 'plugins/dead-letter'),
    );
  assert.notEqual(key('/tmp/clone-a'), key('/tmp/clone-b'));
});

test('the key changes with the source, the options and ESM support', () => {
  const transformer = shared.createTransformer(OPTIONS);
  const file = path.join(ROOT, 'node_modules/x/index.ts');
  const base = transformer.getCacheKey(SOURCE, file, jestOptions(ROOT, 'a'));
  assert.notEqual(
    transformer.getCacheKey(`${SOURCE}//\n`, file, jestOptions(ROOT, 'a')),
    base,
  );
  assert.notEqual(
    transformer.getCacheKey(
      SOURCE,
      file,
      jestOptions(ROOT, 'a', { supportsStaticESM: true }),
    ),
    base,
  );
  assert.notEqual(
    shared
      .createTransformer({ jsc: { parser: { syntax: 'ecmascript' } } })
      .getCacheKey(SOURCE, file, jestOptions(ROOT, 'a')),
    base,
  );
});

test('its output is Backstage’s', () => {
  const file = path.join(ROOT, 'plugins/dead-letter/src/example.ts');
  const options = jestOptions(ROOT, 'plugins/dead-letter');
  const ours = shared.createTransformer(OPTIONS).process(SOURCE, file, options);
  const theirs = backstage
    .createTransformer(OPTIONS)
    .process(SOURCE, file, options);
  assert.equal(ours.code, theirs.code);
  assert.match(ours.code, /exports/);
});

test('jest.config.js gives every package the shared transform, with Backstage’s options', async () => {
  const config = await require('../../jest.config.js');
  const swc = require.resolve('./swcTransform');
  assert.ok(config.projects.length > 20);
  for (const project of config.projects) {
    const entries = Object.values(project.transform).filter(Array.isArray);
    const files = entries.map(([file]) => file);
    assert.ok(files.includes(swc), project.displayName);
    assert.ok(
      !files.includes(
        require.resolve(
          '@backstage/cli-module-test-jest/config/jestSwcTransform',
        ),
      ),
      project.displayName,
    );
  }
});

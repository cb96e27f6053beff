/*
 * Backstage's SWC transform for Jest (the same output), with a cache key
 * that every package shares. Jest's own key includes the package's whole
 * project configuration (its absolute rootDir among it), so each of the
 * repository's ~30 packages transformed the same node_modules files again
 * (react-aria, MUI, @backstage/*), and a fresh clone matched nothing.
 *
 * The output depends only on the source, the transform options, the file's
 * name (its extension and the source map) and what Jest supports (ESM), so
 * that is the key: files under node_modules by their path from there on
 * (the same in every clone), our own files by their absolute path (so a
 * stack trace never names another clone).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const backstageTransform = require('@backstage/cli-module-test-jest/config/jestSwcTransform');

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

const versions = [
  '@backstage/cli-module-test-jest',
  '@swc/core',
  '@swc/jest',
].map(name => `${name}@${require(`${name}/package.json`).version}`);

function createTransformer(options) {
  const inner = backstageTransform.createTransformer(options);
  const base = crypto
    .createHash('sha1')
    .update(fs.readFileSync(__filename))
    .update(versions.join('\0'))
    .update(JSON.stringify(options ?? {}))
    .update(`${process.env.NODE_ENV}\0${process.env.BABEL_ENV}`)
    .digest('hex');

  return {
    process: inner.process,
    getCacheKey(source, filename, transformOptions) {
      const inside = filename.indexOf(NODE_MODULES);
      const where = inside >= 0 ? filename.slice(inside) : filename;
      return crypto
        .createHash('sha1')
        .update(base)
        .update('\0')
        .update(source)
        .update('\0')
        .update(where)
        .update('\0')
        .update(
          JSON.stringify({
            instrument: Boolean(transformOptions.instrument),
            supportsDynamicImport: transformOptions.supportsDynamicImport,
            supportsExportNamespaceFrom:
              transformOptions.supportsExportNamespaceFrom,
            supportsStaticESM: transformOptions.supportsStaticESM,
            supportsTopLevelAwait: transformOptions.supportsTopLevelAwait,
          }),
        )
        .digest('hex');
    },
  };
}

module.exports = { createTransformer };

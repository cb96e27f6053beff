import fs from 'node:fs';
import path from 'node:path';

/*
 * The real Kubernetes backend (@backstage/plugin-kubernetes-backend) in jest.
 * It loads @kubernetes/client-node (ESM only) with `await import(...)`, which
 * jest can only run under --experimental-vm-modules, and that flag breaks
 * msw's .mjs dependencies. So the files that do it are loaded from the
 * installed package with that one import turned into a require() (jest
 * transpiles the ESM package); everything else runs as shipped.
 */
const dist = path.dirname(
  require.resolve('@backstage/plugin-kubernetes-backend'),
);
const DYNAMIC_IMPORT = /await import\('@kubernetes\/client-node'\)/g;

function loadRewritten(file: string) {
  const source = fs
    .readFileSync(file, 'utf8')
    .replace(DYNAMIC_IMPORT, "require('@kubernetes/client-node')");
  const module = { exports: {} as any };
  const localRequire = (id: string) =>
    require(id.startsWith('.') ? path.resolve(path.dirname(file), id) : id);
  // eslint-disable-next-line no-new-func
  new Function('require', 'module', 'exports', source)(
    localRequire,
    module,
    module.exports,
  );
  return module.exports;
}

for (const relative of [
  'service/KubernetesProxy.cjs.js',
  'service/KubernetesConnection.cjs.js',
  'service/KubernetesFetcher.cjs.js',
  'auth/ServiceAccountStrategy.cjs.js',
]) {
  const file = path.join(dist, relative);
  jest.doMock(file, () => loadRewritten(file));
}

export function kubernetesBackend() {
  return require('@backstage/plugin-kubernetes-backend').default;
}

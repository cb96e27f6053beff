/*
 * deploy/: the Kubernetes manifests, validated offline against the
 * Kubernetes API schemas of kubernetes-models (types, required fields,
 * formats; unknown fields through its TypeScript types, as `kubectl apply`
 * refuses them), and against what the image and the configuration need.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { parseDockerfile, parseExec } from './dockerImage';

const repo = path.resolve(__dirname, '../../..');
const deployDir = path.join(repo, 'deploy');

jest.setTimeout(120_000);

type Manifest = { apiVersion: string; kind: string; [k: string]: any };

function loadManifests(): { file: string; manifest: Manifest }[] {
  const kustomization = parseYaml(
    fs.readFileSync(path.join(deployDir, 'kustomization.yaml'), 'utf8'),
  );
  return (kustomization.resources as string[]).flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(deployDir, file), 'utf8'))
      .map(doc => {
        if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]}`);
        return doc.toJS();
      })
      .filter(Boolean)
      .map(manifest => ({ file, manifest })),
  );
}

/** kubernetes-models module of an apiVersion: `kubernetes-models/apps/v1`. */
const modelPath = (apiVersion: string) => `kubernetes-models/${apiVersion}`;

/** Unknown fields: each manifest type-checked against kubernetes-models' types. */
function unknownFields(manifests: { file: string; manifest: Manifest }[]) {
  const file = path.join(os.tmpdir(), `lunar-deploy-check-${process.pid}.ts`);
  const source = manifests
    .map(({ manifest }, i) => {
      const { apiVersion, kind } = manifest;
      return `import type { I${kind} as T${i} } from '${modelPath(
        apiVersion,
      )}/${kind}';\nexport const m${i}: T${i} = ${JSON.stringify(manifest)};`;
    })
    .join('\n');
  const host = ts.createCompilerHost({});
  const { readFile, fileExists } = host;
  host.readFile = f => (f === file ? source : readFile(f));
  host.fileExists = f => f === file || fileExists(f);
  const program = ts.createProgram(
    [file],
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      baseUrl: repo,
      paths: { '*': [path.join(repo, 'node_modules/*')] },
    },
    host,
  );
  return ts.getPreEmitDiagnostics(program).map(d => {
    const index = Number(
      source
        .slice(0, d.start)
        .match(/export const m(\d+)/g)
        ?.pop()
        ?.slice(14),
    );
    const where = manifests[index]
      ? `${manifests[index].file} ${manifests[index].manifest.kind}`
      : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** `${VAR}` without a `:-default` in the string values of a config. */
function requiredEnv(config: unknown, found = new Set<string>()) {
  if (typeof config === 'string') {
    for (const m of config.matchAll(/\$\{(\w+)\}/g)) found.add(m[1]);
  } else if (config && typeof config === 'object') {
    Object.values(config).forEach(v => requiredEnv(v, found));
  }
  return found;
}

describe('deploy/ (Kubernetes)', () => {
  const manifests = loadManifests();
  const only = (kind: string) => {
    const found = manifests.filter(m => m.manifest.kind === kind);
    expect(found).toHaveLength(1);
    return found[0].manifest;
  };
  const deployment = () => only('Deployment');
  const container = () => deployment().spec.template.spec.containers[0];
  const configMaps = () =>
    manifests.filter(m => m.manifest.kind === 'ConfigMap').map(m => m.manifest);

  it('lists every manifest in kustomization.yaml', () => {
    const files = fs
      .readdirSync(deployDir)
      .filter(f => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
    expect(new Set(manifests.map(m => m.file))).toEqual(new Set(files));
  });

  it('is valid against the Kubernetes API schemas', () => {
    for (const { file, manifest } of manifests) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Model = require(modelPath(manifest.apiVersion))[manifest.kind];
      expect(Model).toBeDefined();
      expect(() => new Model(manifest).validate()).not.toThrow();
      expect(manifest.metadata?.name).toMatch(/^[a-z0-9-]+$/);
      expect(file).toBeTruthy();
    }
    expect(unknownFields(manifests)).toEqual([]);
  });

  it('runs two replicas of the image with probes on the health endpoints', () => {
    const spec = deployment().spec;
    expect(spec.replicas).toBe(2);
    const port = container().ports.find((p: any) => p.name === 'http');
    expect(port.containerPort).toBe(7007);
    expect(container().readinessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/readiness',
      port: 'http',
    });
    expect(container().livenessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });
    expect(container().resources.requests).toBeDefined();
    expect(container().resources.limits.memory).toBeDefined();
    expect(spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      30,
    );
    expect(spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('starts the image CMD with the production config, one config added', () => {
    const cmd = parseExec(
      parseDockerfile(
        fs.readFileSync(path.join(repo, 'packages/backend/Dockerfile'), 'utf8'),
      ).find(i => i.keyword === 'CMD')!.args,
    );
    const args: string[] = container().args;
    expect(args.slice(0, cmd.length)).toEqual(cmd);
    expect(args.slice(cmd.length, -1)).toEqual(['--config']);
    // The added config is a key of a mounted ConfigMap.
    const added = args[args.length - 1];
    const mount = container().volumeMounts.find((m: any) =>
      added.startsWith(`${m.mountPath}/`),
    );
    const volume = deployment().spec.template.spec.volumes.find(
      (v: any) => v.name === mount.name,
    );
    const map = configMaps().find(
      c => c.metadata.name === volume.configMap.name,
    );
    expect(Object.keys(map!.data)).toContain(path.basename(added));
  });

  it('provides every variable the loaded configs need without a default', () => {
    const args: string[] = container().args;
    const configs = args
      .filter((_, i) => args[i - 1] === '--config')
      .map(arg => {
        if (arg.startsWith('/')) {
          const text = configMaps()
            .map(c => c.data?.[path.basename(arg)])
            .find(Boolean);
          return parseYaml(text);
        }
        return parseYaml(
          fs.readFileSync(path.resolve(repo, 'packages/backend', arg), 'utf8'),
        );
      });
    const needed = new Set<string>();
    configs.forEach(c => requiredEnv(c, needed));
    expect(needed).toContain('POSTGRES_PASSWORD');

    const fromConfigMaps = (container().envFrom ?? []).flatMap((e: any) =>
      Object.keys(
        configMaps().find(c => c.metadata.name === e.configMapRef?.name)
          ?.data ?? {},
      ),
    );
    const provided = new Set([
      ...fromConfigMaps,
      ...container().env.map((e: any) => e.name),
    ]);
    expect([...needed].filter(v => !provided.has(v))).toEqual([]);
  });

  it('takes credentials from the Secret that deploy/README.md creates', () => {
    const readme = fs.readFileSync(path.join(deployDir, 'README.md'), 'utf8');
    const secretEnv = container().env.filter(
      (e: any) => e.valueFrom?.secretKeyRef,
    );
    for (const name of [
      'POSTGRES_PASSWORD',
      'GITHUB_TOKEN',
      'RELEASE_STATUS_INGEST_TOKEN',
      'K8S_PROD_TOKEN',
      'DEAD_LETTER_PROD_AMQP_URL',
    ]) {
      expect(secretEnv.map((e: any) => e.name)).toContain(name);
    }
    for (const e of secretEnv) {
      const ref = e.valueFrom.secretKeyRef;
      expect(readme).toContain(`create secret generic ${ref.name}`);
      expect(readme).toContain(`--from-literal=${ref.key}=`);
    }
    // No credential sits in a ConfigMap.
    for (const map of configMaps()) {
      for (const key of Object.keys(map.data)) {
        expect(key).not.toMatch(/PASSWORD|TOKEN|SECRET|AMQP_URL/);
      }
    }
  });

  it('routes the Service, the Ingress and the PodDisruptionBudget to the pods', () => {
    const labels = deployment().spec.template.metadata.labels;
    const matches = (selector: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(matches(deployment().spec.selector.matchLabels)).toBe(true);

    const service = only('Service');
    expect(matches(service.spec.selector)).toBe(true);
    expect(service.spec.ports[0].targetPort).toBe('http');

    const pdb = only('PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(matches(pdb.spec.selector.matchLabels)).toBe(true);

    const backend = only('Ingress').spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(service.metadata.name);
    expect(service.spec.ports.map((p: any) => p.name)).toContain(
      backend.port.name,
    );
  });

  it('layers a deployment config that the config schemas accept', async () => {
    // backstage-cli config:check --strict, with and without the
    // deployment's config: the deployment's may add no error of its own.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunar-deploy-'));
    try {
      const deployConfig = path.join(dir, 'app-config.kubernetes.yaml');
      fs.writeFileSync(
        deployConfig,
        configMaps()
          .map(c => c.data?.['app-config.kubernetes.yaml'])
          .find(Boolean),
      );
      const check = async (extra: string[]) => {
        const args = ['backstage-cli', 'config:check', '--strict', '--lax'];
        for (const c of [
          'app-config.yaml',
          'app-config.production.yaml',
          ...extra,
        ])
          args.push('--config', c);
        const env = { ...process.env };
        delete env.NODE_OPTIONS;
        try {
          await promisify(execFile)('yarn', args, { cwd: repo, env });
          return [];
        } catch (e: any) {
          return `${e.stdout}\n${e.stderr}`
            .split('\n')
            .filter(l => l.includes(' at /'));
        }
      };
      const [base, withDeploy] = await Promise.all([
        check([]),
        check([deployConfig]),
      ]);
      expect(withDeploy.filter(l => !base.includes(l))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

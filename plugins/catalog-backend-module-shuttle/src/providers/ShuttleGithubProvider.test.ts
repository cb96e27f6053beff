import { SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DEFAULT_OPTIONS, ShuttleOptions } from '../lib/options';
import { ShuttleGithubProvider } from './ShuttleGithubProvider';

const API = 'https://ghe.example.net/api/v3';
const server = setupServer();

// Shapes as documented for GET /orgs/{org}/repos and GET /repos/{o}/{r}/contents/{path}
function repo(name: string, extra: Record<string, unknown> = {}) {
  return {
    id: name.length,
    node_id: 'R_x',
    name,
    full_name: `lunarway/${name}`,
    private: true,
    owner: { login: 'lunarway', type: 'Organization' },
    html_url: `https://ghe.example.net/lunarway/${name}`,
    url: `${API}/repos/lunarway/${name}`,
    fork: false,
    archived: false,
    disabled: false,
    default_branch: 'main',
    ...extra,
  };
}
function dirEntry(
  repoName: string,
  name: string,
  type = 'file',
  size = type === 'file' ? 120 : 0,
) {
  return {
    type,
    size,
    name,
    path: name,
    sha: 'a'.repeat(40),
    url: `${API}/repos/lunarway/${repoName}/contents/${name}?ref=main`,
    git_url: `${API}/repos/lunarway/${repoName}/git/blobs/${'a'.repeat(40)}`,
    html_url: `https://ghe.example.net/lunarway/${repoName}/blob/main/${name}`,
    download_url: `https://ghe.example.net/lunarway/${repoName}/raw/main/${name}`,
    _links: {},
  };
}
function fileContent(repoName: string, text: string | Buffer) {
  const buffer = typeof text === 'string' ? Buffer.from(text) : text;
  // GitHub wraps base64 content at 60 characters
  const content = buffer.toString('base64').replace(/(.{60})/g, '$1\n');
  return {
    ...dirEntry(repoName, 'shuttle.yaml'),
    size: buffer.length,
    encoding: 'base64',
    content,
  };
}

type RepoFixture = {
  root: string[];
  shuttle?: string | Buffer | (() => ReadableStream<Uint8Array>);
  /** The size the directory listing gives for shuttle.yaml. */
  listedSize?: number;
  archived?: boolean;
};

/** A body of `total` bytes made on demand; `pulled()` says how much was read. */
function countingStream(total: number, chunk = 16 * 1024) {
  let produced = 0;
  const stream = () =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced >= total) {
          controller.close();
          return;
        }
        const n = Math.min(chunk, total - produced);
        produced += n;
        controller.enqueue(
          new Uint8Array(Buffer.from(`# ${'x'.repeat(n - 3)}\n`)),
        );
      },
    });
  return { stream, pulled: () => produced };
}

function serveOrg(
  repos: Record<string, RepoFixture>,
  seen: string[] = [],
  downloads: string[] = [],
) {
  server.use(
    http.get(`${API}/orgs/lunarway/repos`, ({ request }) => {
      seen.push(request.headers.get('authorization') ?? '');
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
      const all = Object.entries(repos).map(([name, f]) =>
        repo(name, { archived: Boolean(f.archived) }),
      );
      return HttpResponse.json(page === 1 ? all : []);
    }),
    http.get(`${API}/repos/lunarway/:repo/contents`, ({ params }) => {
      const fixture = repos[params.repo as string];
      if (!fixture || fixture.root.length === 0) {
        return HttpResponse.json(
          { message: 'This repository is empty.' },
          { status: 404 },
        );
      }
      return HttpResponse.json(
        fixture.root.map(n => {
          const { shuttle, listedSize } = fixture;
          const size =
            listedSize ??
            (n === 'shuttle.yaml' && shuttle && typeof shuttle !== 'function'
              ? Buffer.from(shuttle).length
              : undefined);
          return dirEntry(params.repo as string, n, 'file', size);
        }),
      );
    }),
    http.get(
      `${API}/repos/lunarway/:repo/contents/shuttle.yaml`,
      ({ params, request }) => {
        expect(new URL(request.url).searchParams.get('ref')).toBe('main');
        downloads.push(params.repo as string);
        const fixture = repos[params.repo as string];
        if (!fixture?.shuttle) {
          return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        }
        if (typeof fixture.shuttle === 'function') {
          return new HttpResponse(fixture.shuttle());
        }
        // The raw media type answers with the file itself
        if (request.headers.get('accept')?.includes('raw')) {
          return new HttpResponse(Buffer.from(fixture.shuttle));
        }
        return HttpResponse.json(
          fileContent(params.repo as string, fixture.shuttle),
        );
      },
    ),
  );
}

function setup(
  extra: {
    taskRunner?: SchedulerServiceTaskRunner;
    options?: ShuttleOptions;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          { host: 'ghe.example.net', apiBaseUrl: API, token: 'ghp_test' },
        ],
      },
    }),
  );
  const provider = new ShuttleGithubProvider({
    id: 'lunarway',
    organization: 'lunarway',
    host: 'ghe.example.net',
    integrations,
    logger,
    ...extra,
    options: extra.options ?? DEFAULT_OPTIONS,
  });
  const mutations: EntityProviderMutation[] = [];
  const conn: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
    },
    refresh: async () => {},
  };
  const names = () => {
    const m = mutations[mutations.length - 1];
    return m?.type === 'full'
      ? m.entities.map(e => e.entity.metadata.name).sort()
      : undefined;
  };
  const byName = () => {
    const m = mutations[mutations.length - 1];
    if (m?.type !== 'full') {
      throw new Error('expected a full mutation');
    }
    return Object.fromEntries(
      m.entities.map(e => [e.entity.metadata.name, e.entity]),
    );
  };
  return { provider, conn, mutations, names, byName, logger };
}

const problemsOf = (entity?: Entity) =>
  JSON.parse(
    entity?.metadata.annotations?.['lunar.app/shuttle-problems'] ?? '[]',
  );

describe('ShuttleGithubProvider', () => {
  registerMswTestHooks(server);

  it('makes components from repos with only a shuttle.yaml, with the integration token', async () => {
    const seen: string[] = [];
    serveOrg(
      {
        'fx-gateway': {
          root: ['shuttle.yaml', 'go.mod', 'README.md'],
          shuttle:
            'plan: git://git@github.com:lunarway/lw-shuttle-go-plan.git#v3\nvars:\n  service: fx-gateway\n  squad: orion\n  db: true\n',
        },
        'exchange-rate': {
          root: ['shuttle.yaml', 'catalog-info.yaml'],
          shuttle: 'vars: {}',
        },
        'old-thing': {
          root: ['shuttle.yaml'],
          shuttle: 'vars: {service: old}',
          archived: true,
        },
        'no-shuttle': { root: ['README.md'] },
        'empty-repo': { root: [] },
      },
      seen,
    );
    const { provider, conn, mutations, names } = setup();
    await provider.connect(conn);
    await provider.refresh();
    expect(seen[0]).toBe('Bearer ghp_test');
    expect(names()).toEqual(['fx-gateway', 'fx-gateway-db']);
    const m = mutations[0] as Extract<EntityProviderMutation, { type: 'full' }>;
    const fx = m.entities.find(
      e => e.entity.metadata.name === 'fx-gateway',
    )!.entity;
    expect(fx.spec?.owner).toBe('group:default/squad-orion');
    expect(fx.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location':
        'url:https://ghe.example.net/lunarway/fx-gateway/blob/main/shuttle.yaml',
      'backstage.io/source-location':
        'url:https://ghe.example.net/lunarway/fx-gateway/tree/main/',
      'github.com/project-slug': 'lunarway/fx-gateway',
      'lunar.app/shuttle-plan-ref': 'v3',
    });
  });

  it('removes a repo that disappears or loses its shuttle.yaml', async () => {
    const repos: Record<string, RepoFixture> = {
      a: { root: ['shuttle.yaml'], shuttle: 'vars: {service: a, squad: nasa}' },
      b: { root: ['shuttle.yaml'], shuttle: 'vars: {service: b, squad: nasa}' },
    };
    serveOrg(repos);
    const { provider, conn, names } = setup();
    await provider.connect(conn);
    await provider.refresh();
    expect(names()).toEqual(['a', 'b']);
    delete repos.a;
    repos.b = { root: ['README.md'] };
    await provider.refresh();
    expect(names()).toEqual([]);
  });

  it('pages through large organisations', async () => {
    server.use(
      http.get(`${API}/orgs/lunarway/repos`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        const count = ({ 1: 100, 2: 30 } as Record<number, number>)[page] ?? 0;
        return HttpResponse.json(
          Array.from({ length: count }, (_, i) => repo(`r${page}-${i}`)),
        );
      }),
      http.get(`${API}/repos/lunarway/:repo/contents`, ({ params }) =>
        HttpResponse.json([dirEntry(params.repo as string, 'shuttle.yaml')]),
      ),
      http.get(
        `${API}/repos/lunarway/:repo/contents/shuttle.yaml`,
        ({ params }) =>
          HttpResponse.json(
            fileContent(params.repo as string, 'vars: {squad: nasa}'),
          ),
      ),
    );
    const { provider, conn, names } = setup();
    await provider.connect(conn);
    await provider.refresh();
    expect(names()).toHaveLength(130);
  });

  it('shows a broken shuttle.yaml on a component named after the repo', async () => {
    serveOrg({
      'sms-gateway': {
        root: ['shuttle.yaml'],
        shuttle: 'plan: 3\nvars: {service: sms}',
      },
    });
    const { provider, conn, mutations } = setup();
    await provider.connect(conn);
    await provider.refresh();
    const m = mutations[0] as Extract<EntityProviderMutation, { type: 'full' }>;
    expect(m.entities).toHaveLength(1);
    expect(m.entities[0].entity.metadata.name).toBe('sms-gateway');
    expect(
      m.entities[0].entity.metadata.annotations?.['lunar.app/shuttle-problems'],
    ).toContain('but it is the number 3');
  });

  it('makes every other component when one shuttle.yaml has values of unexpected types', async () => {
    serveOrg({
      'a-good': { root: ['shuttle.yaml'], shuttle: 'vars: {squad: nasa}' },
      'b-tags': {
        root: ['shuttle.yaml'],
        shuttle: 'vars:\n  squad: nasa\n  tags: [{toString: 1}]\n',
      },
      'c-alias': {
        root: ['shuttle.yaml'],
        shuttle: 'vars: &v\n  squad: nasa\n  self: *v\n',
      },
      'd-switch': {
        root: ['shuttle.yaml'],
        shuttle: 'vars:\n  db: &d {enabled: *d}\n',
      },
      'e-types': {
        root: ['shuttle.yaml'],
        shuttle: 'plan: {x: 1}\nvars: 5\nscripts: str\n',
      },
      'z-good': { root: ['shuttle.yaml'], shuttle: 'vars: {squad: gemini}' },
    });
    const { provider, conn, byName, logger } = setup();
    await provider.connect(conn);
    await provider.refresh();
    const entities = byName();
    expect(Object.keys(entities).sort()).toEqual([
      'a-good',
      'b-tags',
      'c-alias',
      'd-switch',
      'e-types',
      'z-good',
    ]);
    expect(entities['a-good'].spec?.owner).toBe('group:default/squad-nasa');
    expect(entities['z-good'].spec?.owner).toBe('group:default/squad-gemini');
    expect(problemsOf(entities['b-tags'])).toContainEqual({
      level: 'warning',
      message:
        'shuttle.yaml vars.tags has an entry that is a map, not a string; it was ignored',
    });
    expect(problemsOf(entities['c-alias'])).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml vars.self refers back to vars through an alias; an alias cannot contain itself',
      },
    ]);
    for (const name of ['d-switch', 'e-types']) {
      expect(problemsOf(entities[name])).toEqual([
        { level: 'error', message: expect.stringMatching(/^shuttle.yaml /) },
      ]);
    }
    expect(logger.warn).toHaveBeenCalledWith(
      'shuttle-github:lunarway: c-alias: shuttle.yaml vars.self refers back to vars through an alias; an alias cannot contain itself',
    );
  });

  it('does not download a shuttle.yaml the listing shows is over the cap', async () => {
    const downloads: string[] = [];
    serveOrg(
      {
        a: { root: ['shuttle.yaml'], shuttle: 'vars: {squad: nasa}' },
        huge: {
          root: ['shuttle.yaml'],
          shuttle: countingStream(5 * 1024 * 1024).stream,
          listedSize: 5 * 1024 * 1024,
        },
      },
      [],
      downloads,
    );
    const { provider, conn, byName } = setup();
    await provider.connect(conn);
    await provider.refresh();
    const entities = byName();
    expect(entities.a.spec?.owner).toBe('group:default/squad-nasa');
    expect(problemsOf(entities.huge)).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml is 5.0 MiB, over the 256.0 KiB limit (shuttle.maxFileBytes); it was not read',
      },
    ]);
    expect(downloads).toEqual(['a']);
  });

  it('stops downloading a shuttle.yaml as soon as it passes the cap', async () => {
    // The listing is from before a push that made the file huge.
    const body = countingStream(64 * 1024 * 1024);
    serveOrg({
      a: { root: ['shuttle.yaml'], shuttle: 'vars: {squad: nasa}' },
      huge: { root: ['shuttle.yaml'], shuttle: body.stream, listedSize: 100 },
      z: { root: ['shuttle.yaml'], shuttle: 'vars: {squad: gemini}' },
    });
    const { provider, conn, byName } = setup();
    await provider.connect(conn);
    await provider.refresh();
    const entities = byName();
    expect(entities.a.spec?.owner).toBe('group:default/squad-nasa');
    expect(entities.z.spec?.owner).toBe('group:default/squad-gemini');
    expect(problemsOf(entities.huge)).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml is over the 256.0 KiB limit (shuttle.maxFileBytes); reading stopped there',
      },
    ]);
    // The cap plus what the stream had buffered ahead, not 64 MiB
    expect(body.pulled()).toBeLessThan(1024 * 1024);
  });

  it('applies no mutation when GitHub fails, so nothing is deleted', async () => {
    serveOrg({ a: { root: ['shuttle.yaml'], shuttle: 'vars: {service: a}' } });
    server.use(
      http.get(`${API}/repos/lunarway/a/contents/shuttle.yaml`, () =>
        HttpResponse.json({ message: 'Server Error' }, { status: 502 }),
      ),
    );
    const { provider, conn, mutations } = setup();
    await provider.connect(conn);
    await expect(provider.refresh()).rejects.toThrow(/502/);
    expect(mutations).toEqual([]);
  });

  it('keeps the previous entities and logs why when a scheduled run fails', async () => {
    serveOrg({ a: { root: ['shuttle.yaml'], shuttle: 'vars: {service: a}' } });
    let scheduled: (() => Promise<void>) | undefined;
    const { provider, conn, mutations, names, logger } = setup({
      taskRunner: {
        run: async task => {
          scheduled = task.fn as () => Promise<void>;
        },
      },
    });
    await provider.connect(conn);
    await scheduled!();
    expect(names()).toEqual(['a']);

    server.use(
      http.get(`${API}/orgs/lunarway/repos`, () =>
        HttpResponse.json({ message: 'Bad credentials' }, { status: 401 }),
      ),
    );
    await scheduled!(); // does not throw: the scheduler would only log it
    expect(mutations).toHaveLength(1);
    expect(names()).toEqual(['a']);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /shuttle-github:lunarway refresh failed, keeping the previous entities: .*401/,
      ),
    );
  });

  it('says so when refreshed before the catalog connected it', async () => {
    const { provider } = setup();
    await expect(provider.refresh()).rejects.toThrow(
      'shuttle-github:lunarway is not connected yet',
    );
  });

  it('refuses to start without a GitHub integration for the host', () => {
    expect(
      () =>
        new ShuttleGithubProvider({
          id: 'x',
          organization: 'lunarway',
          host: 'nowhere.example.com',
          integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
          options: DEFAULT_OPTIONS,
          logger: mockServices.logger.mock(),
        }),
    ).toThrow(/No integrations.github entry for host nowhere.example.com/);
  });
});

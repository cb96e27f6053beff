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
import { JsonObject } from '@backstage/types';
import { generateKeyPairSync } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DEFAULT_OPTIONS, ShuttleOptions } from '../lib/options';
import { ShuttleGithubProvider } from './ShuttleGithubProvider';

const GRAPHQL = 'https://api.github.com/graphql';
const server = setupServer();

type Blob = {
  text?: string | null;
  byteSize: number;
  isTruncated?: boolean;
  isBinary?: boolean;
};

type RepoFixture = {
  /** shuttle.yaml: its text, a Blob as GitHub gives it, or 'dir' for a directory. */
  shuttle?: string | Blob | 'dir';
  catalogInfo?: boolean;
  catalogInfoYml?: boolean;
  archived?: boolean;
  /** No commits: no default branch, no files. */
  empty?: boolean;
};

/** A `Repository` node in the shape GitHub's GraphQL API gives for our query. */
function repositoryNode(name: string, f: RepoFixture, web: string) {
  const blob = (text: string): Blob => ({
    text,
    byteSize: Buffer.byteLength(text),
    isTruncated: false,
    isBinary: false,
  });
  let shuttle: object | null = null;
  if (f.shuttle === 'dir') {
    shuttle = {}; // a Tree: `... on Blob` selects nothing
  } else if (typeof f.shuttle === 'string') {
    shuttle = blob(f.shuttle);
  } else if (f.shuttle) {
    shuttle = f.shuttle;
  }
  return {
    name,
    nameWithOwner: `lunarway/${name}`,
    url: `${web}/lunarway/${name}`,
    isArchived: Boolean(f.archived),
    defaultBranchRef: f.empty ? null : { name: 'main' },
    shuttle: f.empty ? null : shuttle,
    catalogInfo: f.catalogInfo ? { byteSize: 310 } : null,
    catalogInfoYml: f.catalogInfoYml ? { byteSize: 290 } : null,
  };
}

type GraphqlRequest = {
  authorization: string;
  variables: Record<string, any>;
};

/**
 * Serves `POST /graphql` for the organisation `lunarway`, 100 repositories a
 * page with an opaque cursor; records every request.
 */
function serveOrg(
  repos: Record<string, RepoFixture>,
  options: { url?: string; web?: string } = {},
) {
  const requests: GraphqlRequest[] = [];
  const web = options.web ?? 'https://github.com';
  server.use(
    http.post(options.url ?? GRAPHQL, async ({ request }) => {
      const body = (await request.json()) as {
        query: string;
        variables: Record<string, any>;
      };
      requests.push({
        authorization: request.headers.get('authorization') ?? '',
        variables: body.variables,
      });
      if (body.variables.org !== 'lunarway') {
        return HttpResponse.json({
          data: { organization: null },
          errors: [
            {
              type: 'NOT_FOUND',
              path: ['organization'],
              locations: [{ line: 3, column: 3 }],
              message: `Could not resolve to an Organization with the login of '${body.variables.org}'.`,
            },
          ],
        });
      }
      const names = Object.keys(repos);
      const start = body.variables.cursor
        ? Number(Buffer.from(body.variables.cursor, 'base64').toString()) + 1
        : 0;
      const slice = names.slice(start, start + 100);
      const end = start + slice.length - 1;
      return HttpResponse.json({
        data: {
          organization: {
            repositories: {
              nodes: slice.map(n => repositoryNode(n, repos[n], web)),
              pageInfo: {
                hasNextPage: end < names.length - 1,
                endCursor: slice.length
                  ? Buffer.from(String(end)).toString('base64')
                  : null,
              },
            },
          },
        },
      });
    }),
  );
  return requests;
}

const GITHUB_COM: JsonObject = {
  integrations: { github: [{ host: 'github.com', token: 'ghp_test' }] },
};

function setup(
  extra: {
    taskRunner?: SchedulerServiceTaskRunner;
    options?: ShuttleOptions;
    config?: JsonObject;
    host?: string;
    branch?: string;
    organization?: string;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const provider = new ShuttleGithubProvider({
    id: 'lunarway',
    organization: extra.organization ?? 'lunarway',
    host: extra.host,
    branch: extra.branch,
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader(extra.config ?? GITHUB_COM),
    ),
    logger,
    taskRunner: extra.taskRunner,
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

  it('makes components from repos with only a shuttle.yaml, in one request, with the integration token', async () => {
    const requests = serveOrg({
      'fx-gateway': {
        shuttle:
          'plan: git://git@github.com:lunarway/lw-shuttle-go-plan.git#v3\nvars:\n  service: fx-gateway\n  squad: orion\n  db: true\n',
      },
      'exchange-rate': { shuttle: 'vars: {}', catalogInfo: true },
      'yml-user': { shuttle: 'vars: {}', catalogInfoYml: true },
      'old-thing': { shuttle: 'vars: {service: old}', archived: true },
      'no-shuttle': {},
      'shuttle-dir': { shuttle: 'dir' },
      'empty-repo': { empty: true },
    });
    const { provider, conn, mutations, names } = setup();
    await provider.connect(conn);
    await provider.refresh();
    expect(requests).toEqual([
      {
        authorization: 'Bearer ghp_test',
        variables: {
          org: 'lunarway',
          cursor: null,
          shuttle: 'HEAD:shuttle.yaml',
          catalogInfo: 'HEAD:catalog-info.yaml',
          catalogInfoYml: 'HEAD:catalog-info.yml',
        },
      },
    ]);
    expect(names()).toEqual(['fx-gateway', 'fx-gateway-db']);
    const m = mutations[0] as Extract<EntityProviderMutation, { type: 'full' }>;
    const fx = m.entities.find(
      e => e.entity.metadata.name === 'fx-gateway',
    )!.entity;
    expect(fx.spec?.owner).toBe('group:default/squad-orion');
    expect(fx.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location':
        'url:https://github.com/lunarway/fx-gateway/blob/main/shuttle.yaml',
      'backstage.io/source-location':
        'url:https://github.com/lunarway/fx-gateway/tree/main/',
      'github.com/project-slug': 'lunarway/fx-gateway',
      'lunar.app/shuttle-plan-ref': 'v3',
    });
  });

  it('removes a repo that disappears or loses its shuttle.yaml', async () => {
    const repos: Record<string, RepoFixture> = {
      a: { shuttle: 'vars: {service: a, squad: nasa}' },
      b: { shuttle: 'vars: {service: b, squad: nasa}' },
    };
    serveOrg(repos);
    const { provider, conn, names } = setup();
    await provider.connect(conn);
    await provider.refresh();
    expect(names()).toEqual(['a', 'b']);
    delete repos.a;
    repos.b = {};
    await provider.refresh();
    expect(names()).toEqual([]);
  });

  it('pages through large organisations with one request per page, not per repository', async () => {
    const repos: Record<string, RepoFixture> = {};
    for (let i = 0; i < 130; i++) {
      repos[`r${String(i).padStart(3, '0')}`] = {
        shuttle: 'vars: {squad: nasa}',
      };
    }
    const requests = serveOrg(repos);
    const { provider, conn, names, logger } = setup();
    await provider.connect(conn);
    await provider.refresh();
    expect(names()).toHaveLength(130);
    expect(requests.map(r => r.variables.cursor)).toEqual([
      null,
      Buffer.from('99').toString('base64'),
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'shuttle-github:lunarway: 130 entities from 130 repositories of lunarway in 2 GitHub requests',
    );
  });

  it('shows a broken shuttle.yaml on a component named after the repo', async () => {
    serveOrg({ 'sms-gateway': { shuttle: 'plan: 3\nvars: {service: sms}' } });
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
      'a-good': { shuttle: 'vars: {squad: nasa}' },
      'b-tags': { shuttle: 'vars:\n  squad: nasa\n  tags: [{toString: 1}]\n' },
      'c-alias': { shuttle: 'vars: &v\n  squad: nasa\n  self: *v\n' },
      'd-switch': { shuttle: 'vars:\n  db: &d {enabled: *d}\n' },
      'e-types': { shuttle: 'plan: {x: 1}\nvars: 5\nscripts: str\n' },
      'z-good': { shuttle: 'vars: {squad: gemini}' },
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

  it('does not use a shuttle.yaml whose byteSize is over the cap', async () => {
    serveOrg({
      a: { shuttle: 'vars: {squad: nasa}' },
      // GitHub sends at most the first part of a large blob's text.
      huge: {
        shuttle: {
          text: 'vars: {squad: nasa}\n# ...',
          byteSize: 5 * 1024 * 1024,
          isTruncated: true,
          isBinary: false,
        },
      },
    });
    const { provider, conn, byName } = setup();
    await provider.connect(conn);
    await provider.refresh();
    const entities = byName();
    expect(entities.a.spec?.owner).toBe('group:default/squad-nasa');
    expect(entities.huge.spec?.owner).toBe('group:default/unknown');
    expect(problemsOf(entities.huge)).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml is 5.0 MiB, over the 256.0 KiB limit (shuttle.maxFileBytes); it was not read',
      },
    ]);
  });

  it('puts a binary or truncated shuttle.yaml on its component', async () => {
    serveOrg({
      binary: { shuttle: { text: null, byteSize: 2048, isBinary: true } },
      cut: {
        shuttle: {
          text: 'vars: {squad: na',
          byteSize: 600 * 1024,
          isTruncated: true,
          isBinary: false,
        },
      },
    });
    const { provider, conn, byName } = setup({
      options: { ...DEFAULT_OPTIONS, maxFileBytes: 1024 * 1024 },
    });
    await provider.connect(conn);
    await provider.refresh();
    const entities = byName();
    expect(problemsOf(entities.binary)).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml is not text (GitHub sees a binary file); save it as UTF-8',
      },
    ]);
    expect(problemsOf(entities.cut)).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml could not be read: GitHub sent only part of its 614400 bytes',
      },
    ]);
  });

  it('applies no mutation when GitHub fails, so nothing is deleted', async () => {
    server.use(
      http.post(GRAPHQL, () =>
        HttpResponse.json({ message: 'Server Error' }, { status: 502 }),
      ),
    );
    const { provider, conn, mutations } = setup();
    await provider.connect(conn);
    await expect(provider.refresh()).rejects.toThrow(/502/);
    expect(mutations).toEqual([]);
  });

  it('applies no mutation when the second page fails', async () => {
    const repos: Record<string, RepoFixture> = {};
    for (let i = 0; i < 101; i++) {
      repos[`r${i}`] = { shuttle: 'vars: {squad: nasa}' };
    }
    serveOrg(repos);
    server.use(
      http.post(GRAPHQL, async ({ request }) => {
        const body = (await request.clone().json()) as any;
        return body.variables.cursor
          ? HttpResponse.json({ message: 'Server Error' }, { status: 502 })
          : undefined;
      }),
    );
    const { provider, conn, mutations } = setup();
    await provider.connect(conn);
    await expect(provider.refresh()).rejects.toThrow(/502/);
    expect(mutations).toEqual([]);
  });

  it('says so when the organisation does not exist', async () => {
    serveOrg({ a: { shuttle: 'vars: {service: a}' } });
    const { provider, conn, mutations } = setup({ organization: 'nope' });
    await provider.connect(conn);
    await expect(provider.refresh()).rejects.toThrow(
      "GitHub GraphQL answered: Could not resolve to an Organization with the login of 'nope'.",
    );
    expect(mutations).toEqual([]);
  });

  it('keeps the entities of a repository GitHub could not answer for and updates the others', async () => {
    const repos: Record<string, RepoFixture> = {
      a: { shuttle: 'vars: {squad: nasa}' },
      b: { shuttle: 'vars: {squad: nasa}' },
      c: { shuttle: 'vars: {squad: nasa}' },
    };
    serveOrg(repos);
    const { provider, conn, byName, logger } = setup();
    await provider.connect(conn);
    await provider.refresh();
    expect(Object.keys(byName()).sort()).toEqual(['a', 'b', 'c']);

    // A partial answer: data for every repository, an error for b's file.
    repos.a = { shuttle: 'vars: {squad: gemini}' };
    server.use(
      http.post(GRAPHQL, () =>
        HttpResponse.json({
          data: {
            organization: {
              repositories: {
                nodes: [
                  repositoryNode('a', repos.a, 'https://github.com'),
                  {
                    ...repositoryNode('b', {}, 'https://github.com'),
                    shuttle: null,
                  },
                  repositoryNode('c', repos.c, 'https://github.com'),
                ],
                pageInfo: { hasNextPage: false, endCursor: 'Mg==' },
              },
            },
          },
          errors: [
            {
              type: 'SERVICE_UNAVAILABLE',
              path: ['organization', 'repositories', 'nodes', 1, 'shuttle'],
              locations: [{ line: 11, column: 9 }],
              message: 'Timeout reading the object',
            },
          ],
        }),
      ),
    );
    await provider.refresh();
    const entities = byName();
    expect(Object.keys(entities).sort()).toEqual(['a', 'b', 'c']);
    expect(entities.a.spec?.owner).toBe('group:default/squad-gemini');
    expect(entities.b.spec?.owner).toBe('group:default/squad-nasa');
    expect(logger.warn).toHaveBeenCalledWith(
      'shuttle-github:lunarway: GitHub could not answer for b, keeping its previous entities: Timeout reading the object',
    );

    // A repository GitHub does not even name may be any of the earlier ones.
    server.use(
      http.post(GRAPHQL, () =>
        HttpResponse.json({
          data: {
            organization: {
              repositories: {
                nodes: [
                  repositoryNode('a', repos.a, 'https://github.com'),
                  null,
                ],
                pageInfo: { hasNextPage: false, endCursor: 'MQ==' },
              },
            },
          },
          errors: [
            {
              type: 'INTERNAL',
              path: ['organization', 'repositories', 'nodes', 1],
              locations: [{ line: 5, column: 7 }],
              message: 'Something went wrong',
            },
          ],
        }),
      ),
    );
    await provider.refresh();
    expect(Object.keys(byName()).sort()).toEqual(['a', 'b', 'c']);
  });

  it('keeps the previous entities and logs why when a scheduled run fails', async () => {
    serveOrg({ a: { shuttle: 'vars: {service: a}' } });
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
      http.post(GRAPHQL, () =>
        HttpResponse.json(
          {
            message: 'Bad credentials',
            documentation_url: 'https://docs.github.com/graphql',
          },
          { status: 401 },
        ),
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

  it('reads with a GitHub App installation token', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    server.use(
      http.get('https://api.github.com/app/installations', () =>
        HttpResponse.json([
          {
            id: 42,
            account: { login: 'lunarway', type: 'Organization' },
            app_id: 7,
            target_type: 'Organization',
            suspended_by: null,
          },
        ]),
      ),
      http.post(
        'https://api.github.com/app/installations/42/access_tokens',
        () =>
          HttpResponse.json(
            {
              token: 'ghs_installation',
              expires_at: new Date(Date.now() + 3600_000).toISOString(),
              permissions: { contents: 'read', metadata: 'read' },
              repository_selection: 'all',
            },
            { status: 201 },
          ),
      ),
    );
    const requests = serveOrg({ a: { shuttle: 'vars: {squad: nasa}' } });
    const { provider, conn, names } = setup({
      config: {
        integrations: {
          github: [
            {
              host: 'github.com',
              apps: [
                {
                  appId: 7,
                  clientId: 'Iv1.client',
                  clientSecret: 'secret',
                  privateKey,
                },
              ],
            },
          ],
        },
      },
    });
    await provider.connect(conn);
    await provider.refresh();
    expect(requests.map(r => r.authorization)).toEqual([
      'Bearer ghs_installation',
    ]);
    expect(names()).toEqual(['a']);
  });

  it("uses a GitHub Enterprise integration's apiBaseUrl and a configured branch", async () => {
    const requests = serveOrg(
      { a: { shuttle: 'vars: {squad: nasa}' } },
      {
        url: 'https://ghe.example.net/api/graphql',
        web: 'https://ghe.example.net',
      },
    );
    const { provider, conn, byName } = setup({
      host: 'ghe.example.net',
      branch: 'release',
      config: {
        integrations: {
          github: [
            {
              host: 'ghe.example.net',
              apiBaseUrl: 'https://ghe.example.net/api/v3',
              token: 'ghe_token',
            },
          ],
        },
      },
    });
    await provider.connect(conn);
    await provider.refresh();
    expect(requests).toEqual([
      {
        authorization: 'Bearer ghe_token',
        variables: expect.objectContaining({
          shuttle: 'release:shuttle.yaml',
          catalogInfo: 'release:catalog-info.yaml',
        }),
      },
    ]);
    expect(byName().a.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location':
        'url:https://ghe.example.net/lunarway/a/blob/release/shuttle.yaml',
    });
  });

  it('says so when the integration has no credentials, without asking GitHub', async () => {
    const requests = serveOrg({ a: { shuttle: 'vars: {squad: nasa}' } });
    const { provider, conn, mutations } = setup({ config: {} });
    await provider.connect(conn);
    await expect(provider.refresh()).rejects.toThrow(
      'No GitHub credentials for https://github.com/lunarway in integrations.github (a token or a GitHub App installation)',
    );
    expect(requests).toEqual([]);
    expect(mutations).toEqual([]);
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

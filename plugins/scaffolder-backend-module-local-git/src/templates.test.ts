import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseClosedOnStop } from '@internal/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { scaffolderModuleLocalGit } from './module';

// The Lunar templates in templates/, run through the real scaffolder backend
// with our module and an in-memory catalog.
const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');

const squad = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'squad', children: [] },
});

const catalogEntities: Entity[] = [
  squad('squad-nasa'),
  squad('squad-gemini'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'squad-pioneer', domain: 'bankaccount' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'card-clearing', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'squad-ranger' },
  },
  ...['go-service', 'go-library', 'infrastructure-service'].map(name => {
    const file = path.join(TEMPLATES_DIR, name, 'template.yaml');
    const entity = parseYaml(fs.readFileSync(file, 'utf8')) as Entity;
    entity.metadata.namespace = 'default';
    entity.metadata.annotations = {
      'backstage.io/managed-by-location': `file:${file}`,
      'backstage.io/managed-by-origin-location': `file:${file}`,
    };
    return entity;
  }),
];

function templateFiles(name: string) {
  const dir = path.join(TEMPLATES_DIR, name);
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  return files
    .filter(f => f.isFile())
    .map(f => {
      const full = path.join(f.parentPath, f.name);
      return {
        path: path.relative(dir, full),
        base64Content: fs.readFileSync(full).toString('base64'),
      };
    });
}

function readTemplate(name: string) {
  return parseYaml(
    fs.readFileSync(path.join(TEMPLATES_DIR, name, 'template.yaml'), 'utf8'),
  );
}

type DryRunFile = { path: string; base64Content: string };

// A real scaffolder run (templating, git init/commit/push, catalog
// registration) is seconds of work, more while the e2e lane shares the cores:
// Jest's 5 s default is no budget for it.
jest.setTimeout(30_000);

describe('Lunar templates', () => {
  let baseDir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunar-templates-'));
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        databaseClosedOnStop,
        scaffolderModuleLocalGit,
        catalogServiceMock.factory({ entities: catalogEntities }),
        mockServices.rootConfig.factory({
          data: { scaffolder: { localGit: { baseDir } } },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(() => fs.rmSync(baseDir, { recursive: true, force: true }));

  const publishedNames = () =>
    fs.existsSync(baseDir) ? fs.readdirSync(baseDir).sort() : [];

  async function dryRun(template: string, values: Record<string, unknown>) {
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: readTemplate(template),
        values,
        directoryContents: templateFiles(template),
      });
  }

  function filesOf(body: { directoryContents: DryRunFile[] }) {
    return Object.fromEntries(
      body.directoryContents.map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
  }

  describe.each([
    {
      template: 'go-service',
      type: 'service',
      plan: 'https://github.com/lunarway/lw-shuttle-go-plan.git',
      files: ['go.mod', 'cmd/main.go', 'internal/server/server_test.go'],
      releases: true,
      deadLetter: true,
    },
    {
      template: 'infrastructure-service',
      type: 'infrastructure',
      plan: 'https://github.com/lunarway/lw-shuttle-k8s-plan.git',
      files: [
        'k8s/base/kustomization.yaml',
        'k8s/overlays/prod/kustomization.yaml',
      ],
      releases: true,
      deadLetter: false,
    },
    {
      template: 'go-library',
      type: 'library',
      plan: false,
      files: ['go.mod', 'cardutils.go', 'cardutils_test.go'],
      releases: false,
      deadLetter: false,
    },
  ])(
    '$template dry run',
    ({ template, type, plan, files, releases, deadLetter }) => {
      const values = {
        name: 'card-utils',
        description: 'Utilities: for cards',
        owner: 'group:default/squad-nasa',
        system: 'system:default/payments',
        ...(releases && {
          namespace: 'bank',
          autoReleaseEnvironments: ['dev', 'prod'],
        }),
      };

      it('generates the repository from the form values, and publishes nothing', async () => {
        const res = await dryRun(template, values);
        expect(res.status).toBe(200);
        const generated = filesOf(res.body);

        for (const file of [
          'shuttle.yaml',
          'catalog-info.yaml',
          'mkdocs.yml',
          'docs/index.md',
          '.github/workflows/ci.yaml',
          ...files,
        ]) {
          expect(generated[file]).toBeTruthy();
        }

        const shuttle = parseYaml(generated['shuttle.yaml']);
        expect(shuttle.plan).toBe(plan);
        expect(shuttle.vars).toMatchObject({
          service: 'card-utils',
          squad: 'nasa',
          domain: 'bankaccount',
          system: 'payments',
        });
        expect(shuttle.vars.k8s).toEqual(
          releases ? { namespace: 'bank' } : undefined,
        );

        const entity = parseYaml(generated['catalog-info.yaml']);
        expect(entity).toMatchObject({
          kind: 'Component',
          metadata: {
            name: 'card-utils',
            description: 'Utilities: for cards',
            annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
          },
          spec: { type, owner: 'group:default/squad-nasa', system: 'payments' },
        });
        expect(
          entity.metadata.annotations['lunar.app/dead-letter-service'],
        ).toBe(deadLetter ? 'card-utils' : undefined);
        expect(parseYaml(generated['mkdocs.yml']).site_name).toBe('card-utils');
        expect(generated['docs/index.md']).toContain('Utilities: for cards');

        const policies = generated['release-policies.json'];
        expect(policies && JSON.parse(policies)).toEqual(
          releases
            ? {
                service: 'card-utils',
                autoReleases: [
                  {
                    id: 'auto-release-main-dev',
                    branch: 'main',
                    environment: 'dev',
                  },
                  {
                    id: 'auto-release-main-prod',
                    branch: 'main',
                    environment: 'prod',
                  },
                ],
                branchRestrictions: [
                  {
                    id: 'main-prod',
                    environment: 'prod',
                    branchRegex: '^main$',
                  },
                ],
              }
            : undefined,
        );

        expect(res.body.output.links).toEqual([
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: 'component:default/card-utils',
          },
        ]);
        expect(res.body.output.text[0].content).toContain(
          `git clone file://${baseDir}/card-utils.git`,
        );
        expect(publishedNames()).toEqual([]);
      });

      it('leaves out what the form left empty', async () => {
        const res = await dryRun(template, {
          name: 'card-utils',
          description: 'Utilities',
          owner: 'group:default/squad-nasa',
          ...(releases && { autoReleaseEnvironments: [] }),
        });
        expect(res.status).toBe(200);
        const generated = filesOf(res.body);
        const shuttle = parseYaml(generated['shuttle.yaml']);
        expect(shuttle.vars).toEqual(
          expect.not.objectContaining({ k8s: expect.anything() }),
        );
        expect(shuttle.vars.domain).toBeUndefined();
        expect(
          parseYaml(generated['catalog-info.yaml']).spec.system,
        ).toBeUndefined();
        const policies = generated['release-policies.json'];
        expect(policies && JSON.parse(policies).autoReleases).toEqual(
          releases ? [] : undefined,
        );
      });
    },
  );

  describe.each(['go-service', 'infrastructure-service', 'go-library'])(
    '%s owner',
    template => {
      const values = {
        name: 'new-service',
        description: 'A new service',
        ...(template !== 'go-library' && { autoReleaseEnvironments: [] }),
      };

      it.each(['squad-nasa', 'group:default/squad-nasa', 'group:squad-nasa'])(
        'accepts the entity ref %j',
        async owner => {
          const res = await dryRun(template, { ...values, owner });
          expect(res.status).toBe(200);
          const entity = parseYaml(filesOf(res.body)['catalog-info.yaml']);
          expect(entity.spec.owner).toBe(owner);
          expect(parseYaml(filesOf(res.body)['shuttle.yaml']).vars.squad).toBe(
            'nasa',
          );
        },
      );

      it.each(['x: y\nfoo', '"quote', 'squad nasa', 'user:default/jane'])(
        'refuses %j, which is not a group ref',
        async owner => {
          const res = await dryRun(template, { ...values, owner });
          expect(res.status).toBe(400);
          expect(
            res.body.errors.map((e: { stack: string }) => e.stack).join('\n'),
          ).toMatch(/instance.owner does not match pattern/);
        },
      );
    },
  );

  describe.each(['go-service', 'infrastructure-service', 'go-library'])(
    '%s skeleton',
    template => {
      // Every value the skeleton is rendered with, as a token that can be
      // found again in the output, and as text that breaks YAML unless quoted.
      const keys = [
        'name',
        'description',
        'owner',
        'squad',
        'system',
        'domain',
        'namespace',
        'githubOrganization',
        'env',
      ];
      const token = (key: string) => `tok-${key}-tok`;
      const hostile = (key: string) =>
        `${key}: x\n# not a comment\n- "double" 'single' [a] { b } &c *d !e | > %f @g \`h\` \\ end:`;
      const valuesWith = (value: (key: string) => string) => ({
        ...Object.fromEntries(keys.map(k => [k, value(k)])),
        autoReleaseEnvironments: [value('env')],
        packageName: 'cardutils',
        publisher: 'github',
      });

      // The template with only its fetch:template step, so the values reach
      // the skeleton as they are, past the form's validation.
      async function render(values: Record<string, unknown>) {
        const full = readTemplate(template);
        const fetch = full.spec.steps.find(
          (s: { action: string }) => s.action === 'fetch:template',
        );
        const res = await request(server)
          .post('/api/scaffolder/v2/dry-run')
          .set('Authorization', mockCredentials.user.header())
          .send({
            template: {
              ...full,
              spec: {
                ...full.spec,
                parameters: [],
                steps: [{ ...fetch, input: { ...fetch.input, values } }],
                output: {},
              },
            },
            values: {},
            directoryContents: templateFiles(template),
          });
        expect(res.status).toBe(200);
        const files = filesOf(res.body);
        return Object.fromEntries(
          Object.entries(files)
            .filter(([file]) => /\.(ya?ml|json)$/.test(file))
            .map(([file, text]) => [
              file,
              file.endsWith('.json') ? JSON.parse(text) : parseYaml(text),
            ]),
        );
      }

      const substitute = (data: unknown): unknown => {
        if (typeof data === 'string') {
          return keys.reduce(
            (text, key) => text.split(token(key)).join(hostile(key)),
            data,
          );
        }
        if (Array.isArray(data)) {
          return data.map(substitute);
        }
        if (data && typeof data === 'object') {
          return Object.fromEntries(
            Object.entries(data).map(([k, v]) => [k, substitute(v)]),
          );
        }
        return data;
      };

      it('keeps the structure of every YAML and JSON file whatever the values', async () => {
        const plain = await render(valuesWith(token));
        // The tokens did reach the files this test is about
        const text = JSON.stringify(plain);
        for (const key of ['name', 'description', 'owner', 'squad', 'system']) {
          expect(text).toContain(token(key));
        }
        expect(Object.keys(plain)).toEqual(
          expect.arrayContaining([
            'catalog-info.yaml',
            'shuttle.yaml',
            'mkdocs.yml',
          ]),
        );

        const evil = await render(valuesWith(hostile));
        expect(evil).toEqual(substitute(plain));
      });
    },
  );

  it('gives an auto-release only to the ticked environments', async () => {
    const res = await dryRun('go-service', {
      name: 'staging-only',
      description: 'x',
      owner: 'group:default/squad-gemini',
      autoReleaseEnvironments: ['staging'],
    });
    expect(res.status).toBe(200);
    const policies = JSON.parse(filesOf(res.body)['release-policies.json']);
    expect(policies.autoReleases).toEqual([
      {
        id: 'auto-release-main-staging',
        branch: 'main',
        environment: 'staging',
      },
    ]);
  });

  describe('bad input is refused and nothing is published', () => {
    const good = {
      name: 'new-service',
      description: 'A new service',
      owner: 'group:default/squad-nasa',
      autoReleaseEnvironments: ['dev'],
    };

    it.each([
      [
        'an invalid name',
        { ...good, name: 'New_Service' },
        /does not match pattern/,
      ],
      [
        'a name starting with a digit',
        { ...good, name: '1service' },
        /does not match pattern/,
      ],
      ['no owner', { ...good, owner: undefined }, /requires property "owner"/],
      [
        'an unknown environment',
        { ...good, autoReleaseEnvironments: ['qa'] },
        /enum/,
      ],
    ])('%s', async (_what, values, message) => {
      const dry = await dryRun('go-service', values);
      expect(dry.status).toBe(400);
      expect(
        dry.body.errors.map((e: { stack: string }) => e.stack).join('\n'),
      ).toMatch(message);

      const task = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header())
        .send({ templateRef: 'template:default/go-service', values });
      expect(task.status).toBe(400);
      expect(publishedNames()).toEqual([]);
    });

    it('an existing component name', async () => {
      const dry = await dryRun('go-service', {
        ...good,
        name: 'card-clearing',
      });
      expect(dry.status).toBe(409);
      expect(dry.body.error.message).toMatch(
        /The name 'card-clearing' is taken: component:default\/card-clearing already exists in the catalog \(owned by squad-ranger\)/,
      );

      const task = await runTask('go-service', {
        ...good,
        name: 'card-clearing',
      });
      expect(task.status).toBe('failed');
      expect(publishedNames()).toEqual([]);
    });
  });

  async function runTask(template: string, values: Record<string, unknown>) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({ templateRef: `template:default/${template}`, values });
    expect(created.status).toBe(201);
    for (let i = 0; i < 200; i++) {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', mockCredentials.user.header());
      if (['completed', 'failed', 'cancelled'].includes(res.body.status)) {
        return res.body;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('task did not finish');
  }

  it('a real run publishes one commit to a local repository', async () => {
    const task = await runTask('go-service', {
      name: 'ledger-service',
      description: 'Keeps the ledger',
      owner: 'group:default/squad-gemini',
      autoReleaseEnvironments: ['dev', 'staging'],
    });
    expect(task.status).toBe('completed');

    const bare = path.join(baseDir, 'ledger-service.git');
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', bare, ...args], { encoding: 'utf8' }).trim();
    expect(git('rev-list', '--count', 'main')).toBe('1');
    const tracked = git('ls-tree', '-r', '--name-only', 'main').split('\n');
    expect(tracked).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yaml',
        'catalog-info.yaml',
        'cmd/main.go',
        'docs/index.md',
        'go.mod',
        'mkdocs.yml',
        'release-policies.json',
        'shuttle.yaml',
      ]),
    );
    const catalogInfo = parseYaml(git('show', 'main:catalog-info.yaml'));
    expect(catalogInfo.spec.owner).toBe('group:default/squad-gemini');
    expect(
      fs.existsSync(path.join(baseDir, 'ledger-service', 'catalog-info.yaml')),
    ).toBe(true);

    // And the name is taken from now on, even before the catalog has it.
    const again = await runTask('go-service', {
      name: 'ledger-service',
      description: 'Again',
      owner: 'group:default/squad-gemini',
    });
    expect(again.status).toBe('failed');
    expect(git('rev-list', '--count', 'main')).toBe('1');
  });
});

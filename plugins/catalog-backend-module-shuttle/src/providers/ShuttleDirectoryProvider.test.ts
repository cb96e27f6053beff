import { promises as fs } from 'node:fs';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { Entity } from '@backstage/catalog-model';
import { GroupChecker } from '../lib/groups';
import { DEFAULT_OPTIONS } from '../lib/options';
import { ShuttleDirectoryProvider } from './ShuttleDirectoryProvider';

function connection() {
  const mutations: EntityProviderMutation[] = [];
  const conn: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
    },
    refresh: async () => {},
  };
  const last = () => {
    const m = mutations[mutations.length - 1];
    if (m?.type !== 'full') {
      throw new Error('expected a full mutation');
    }
    return m.entities;
  };
  return { conn, mutations, last };
}

describe('ShuttleDirectoryProvider', () => {
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  async function connected(
    groups?: string[] | GroupChecker,
    options = DEFAULT_OPTIONS,
  ) {
    const logger = mockServices.logger.mock();
    const provider = new ShuttleDirectoryProvider({
      id: 'repos',
      path: mockDir.path,
      options,
      logger,
      groups: Array.isArray(groups)
        ? { hasGroup: async r => groups.includes(r) }
        : groups,
    });
    const c = connection();
    await provider.connect(c.conn);
    return { provider, logger, ...c };
  }

  const problemsOf = (entity?: Entity) =>
    JSON.parse(
      entity?.metadata.annotations?.['lunar.app/shuttle-problems'] ?? '[]',
    );

  it('makes components for repos with a shuttle.yaml and no catalog-info.yaml', async () => {
    mockDir.setContent({
      'ledger-sync/shuttle.yaml':
        'plan: ../plan\nvars:\n  service: ledger-sync\n  squad: mercury\n  db: true\n  rabbitmq: true\n',
      'infra-terraform/shuttle.yaml':
        'plan: false\nvars:\n  squad: hubble\n  type: infrastructure\nscripts:\n  apply: {actions: []}\n',
      'has-catalog-info/shuttle.yaml': 'vars: {squad: nasa}\n',
      'has-catalog-info/catalog-info.yaml': 'kind: Component',
      'no-shuttle/README.md': '# nothing',
      'loose-file.txt': 'x',
    });
    const { provider, last } = await connected();
    expect(provider.getProviderName()).toBe('shuttle-directory:repos');
    await provider.refresh();
    const entities = last();
    expect(
      entities.map(e => `${e.entity.kind}:${e.entity.metadata.name}`).sort(),
    ).toEqual([
      'Component:infra-terraform',
      'Component:ledger-sync',
      'Resource:ledger-sync-db',
    ]);
    const ledger = entities.find(
      e => e.entity.metadata.name === 'ledger-sync',
    )!;
    expect(ledger.locationKey).toBe(
      'shuttle:shuttle-directory:repos:ledger-sync',
    );
    expect(ledger.entity.spec).toEqual({
      lifecycle: 'production',
      type: 'service',
      owner: 'group:default/squad-mercury',
      dependsOn: [
        'resource:default/ledger-sync-db',
        'resource:default/rabbitmq',
      ],
    });
    expect(ledger.entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `file:${mockDir.path}/ledger-sync/shuttle.yaml`,
      'backstage.io/managed-by-origin-location': `file:${mockDir.path}/ledger-sync/shuttle.yaml`,
      'backstage.io/source-location': `dir:${mockDir.path}/ledger-sync/`,
      'lunar.app/shuttle-provider': 'shuttle-directory:repos',
      'lunar.app/shuttle-plan-kind': 'local',
    });
    const infra = entities.find(
      e => e.entity.metadata.name === 'infra-terraform',
    )!;
    expect(infra.entity.spec?.type).toBe('infrastructure');
    expect(
      infra.entity.metadata.annotations?.['lunar.app/shuttle-scripts'],
    ).toBe('apply');
  });

  it('removes the entity of a repo that disappears or loses its shuttle.yaml', async () => {
    mockDir.setContent({
      'a/shuttle.yaml': 'vars: {service: a, squad: nasa}\n',
      'b/shuttle.yaml': 'vars: {service: b, squad: nasa}\n',
      'c/shuttle.yaml': 'vars: {service: c, squad: nasa}\n',
    });
    const { provider, last } = await connected();
    await provider.refresh();
    expect(
      last()
        .map(e => e.entity.metadata.name)
        .sort(),
    ).toEqual(['a', 'b', 'c']);

    await fs.rm(mockDir.resolve('b'), { recursive: true });
    await fs.rm(mockDir.resolve('c/shuttle.yaml'));
    await provider.refresh();
    expect(last().map(e => e.entity.metadata.name)).toEqual(['a']);

    // A repo that gains a catalog-info.yaml is left to the catalog locations
    mockDir.addContent({ 'a/catalog-info.yaml': 'x' });
    await provider.refresh();
    expect(last()).toEqual([]);
  });

  it('still makes a component, named after the repo, for a broken shuttle.yaml', async () => {
    mockDir.setContent({
      'statement-archive/shuttle.yaml':
        'plan: false\nvariables: {service: s}\n',
      'latin1/shuttle.yaml': Buffer.from([
        0x76, 0x61, 0x72, 0x73, 0x3a, 0x20, 0xe6, 0x0a,
      ]),
    });
    const { provider, last } = await connected();
    await provider.refresh();
    const byName = Object.fromEntries(
      last().map(e => [e.entity.metadata.name, e.entity]),
    );
    expect(Object.keys(byName).sort()).toEqual(['latin1', 'statement-archive']);
    expect(byName['statement-archive'].spec).toEqual({
      lifecycle: 'production',
      type: 'service',
      owner: 'group:default/unknown',
    });
    expect(
      byName['statement-archive'].metadata.annotations?.[
        'lunar.app/shuttle-problems'
      ],
    ).toContain('unknown top-level key \\"variables\\"');
    expect(
      byName.latin1.metadata.annotations?.['lunar.app/shuttle-problems'],
    ).toContain('not valid UTF-8');
  });

  it('makes every other component when one shuttle.yaml has values of unexpected types', async () => {
    mockDir.setContent({
      'a-good/shuttle.yaml': 'vars: {squad: nasa}\n',
      'b-tags/shuttle.yaml': 'vars:\n  squad: nasa\n  tags: [{toString: 1}]\n',
      'c-alias/shuttle.yaml': 'vars: &v\n  squad: nasa\n  self: *v\n',
      'd-switch/shuttle.yaml': 'vars:\n  db: &d {enabled: *d}\n',
      'e-deep/shuttle.yaml': `vars:\n  x: ${'['.repeat(500)}${']'.repeat(
        500,
      )}\n`,
      'f-types/shuttle.yaml': 'plan: {x: 1}\nvars: 5\nscripts: str\n',
      'z-good/shuttle.yaml': 'vars: {squad: gemini}\n',
    });
    const { provider, last, logger } = await connected();
    await provider.refresh();
    const byName = Object.fromEntries(
      last().map(e => [e.entity.metadata.name, e.entity]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'a-good',
      'b-tags',
      'c-alias',
      'd-switch',
      'e-deep',
      'f-types',
      'z-good',
    ]);
    expect(byName['a-good'].spec?.owner).toBe('group:default/squad-nasa');
    expect(byName['z-good'].spec?.owner).toBe('group:default/squad-gemini');
    expect(byName['b-tags'].spec?.owner).toBe('group:default/squad-nasa');
    expect(problemsOf(byName['b-tags'])).toContainEqual({
      level: 'warning',
      message:
        'shuttle.yaml vars.tags has an entry that is a map, not a string; it was ignored',
    });
    expect(problemsOf(byName['c-alias'])).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml vars.self refers back to vars through an alias; an alias cannot contain itself',
      },
    ]);
    for (const name of ['d-switch', 'e-deep', 'f-types']) {
      expect(problemsOf(byName[name])).toEqual([
        { level: 'error', message: expect.stringMatching(/^shuttle.yaml /) },
      ]);
    }
    expect(logger.warn).toHaveBeenCalledWith(
      'shuttle-directory:repos: c-alias: shuttle.yaml vars.self refers back to vars through an alias; an alias cannot contain itself',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^shuttle-directory:repos: f-types: shuttle.yaml /),
    );
  });

  it('makes every other component when making one of them fails', async () => {
    mockDir.setContent({
      'a/shuttle.yaml': 'vars: {squad: nasa}\n',
      'b/shuttle.yaml': 'vars: {squad: broken}\n',
      'c/shuttle.yaml': 'vars: {squad: gemini}\n',
    });
    const { provider, last, logger } = await connected({
      // A checker that throws instead of rejecting, for one squad
      hasGroup: ref => {
        if (ref.includes('broken')) {
          throw new Error('group lookup exploded');
        }
        return Promise.resolve(true);
      },
    });
    await provider.refresh();
    const byName = Object.fromEntries(
      last().map(e => [e.entity.metadata.name, e.entity]),
    );
    expect(Object.keys(byName).sort()).toEqual(['a', 'b', 'c']);
    expect(byName.c.spec?.owner).toBe('group:default/squad-gemini');
    expect(problemsOf(byName.b)).toEqual([
      {
        level: 'error',
        message: 'shuttle.yaml could not be used: group lookup exploded',
      },
    ]);
    expect(logger.error).toHaveBeenCalledWith(
      'shuttle-directory:repos: b: shuttle.yaml could not be used: group lookup exploded',
    );
  });

  it('shows a shuttle.yaml over the size cap on its component, naming the cap', async () => {
    mockDir.setContent({
      'a/shuttle.yaml': 'vars: {squad: nasa}\n',
      'big/shuttle.yaml': `vars:\n  squad: nasa\n  x: "${'x'.repeat(5000)}"\n`,
    });
    const { provider, last } = await connected(undefined, {
      ...DEFAULT_OPTIONS,
      maxFileBytes: 4096,
    });
    await provider.refresh();
    const byName = Object.fromEntries(
      last().map(e => [e.entity.metadata.name, e.entity]),
    );
    expect(byName.a.spec?.owner).toBe('group:default/squad-nasa');
    expect(byName.big.spec?.owner).toBe('group:default/unknown');
    expect(problemsOf(byName.big)).toEqual([
      {
        level: 'error',
        message: expect.stringMatching(
          /^shuttle.yaml is 4.9 KiB, over the 4.0 KiB limit \(shuttle.maxFileBytes\)/,
        ),
      },
    ]);
  });

  it('stops reading a file past the size cap even when its listed size is small', async () => {
    // Files in /proc say they are empty and still have content: the cap must
    // hold while reading, not only against the size the file system reports.
    mockDir.setContent({ 'a/shuttle.yaml': 'vars: {squad: nasa}\n' });
    await fs.mkdir(mockDir.resolve('proc'));
    await fs.symlink('/proc/self/status', mockDir.resolve('proc/shuttle.yaml'));
    const { provider, last } = await connected(undefined, {
      ...DEFAULT_OPTIONS,
      maxFileBytes: 64,
    });
    await provider.refresh();
    const byName = Object.fromEntries(
      last().map(e => [e.entity.metadata.name, e.entity]),
    );
    expect(Object.keys(byName).sort()).toEqual(['a', 'proc']);
    expect(problemsOf(byName.proc)).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml is over the 64 bytes limit (shuttle.maxFileBytes); reading stopped there',
      },
    ]);
  });

  it('names components from the repo when service is missing or invalid', async () => {
    mockDir.setContent({
      'My_Repo/shuttle.yaml': 'vars: {squad: nasa, service: "not valid!"}\n',
    });
    const { provider, last } = await connected(['group:default/squad-nasa']);
    await provider.refresh();
    expect(last().map(e => e.entity.metadata.name)).toEqual(['My_Repo']);
  });

  it('keeps its entities when the directory itself is missing', async () => {
    const provider = new ShuttleDirectoryProvider({
      id: 'gone',
      path: `${mockDir.path}/does-not-exist`,
      options: DEFAULT_OPTIONS,
      logger: mockServices.logger.mock(),
    });
    const c = connection();
    await provider.connect(c.conn);
    await provider.refresh();
    expect(c.mutations).toEqual([]);
  });
});

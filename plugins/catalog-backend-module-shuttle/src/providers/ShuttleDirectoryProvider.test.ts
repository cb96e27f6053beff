import { promises as fs } from 'node:fs';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
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

  async function connected(groups?: string[]) {
    const provider = new ShuttleDirectoryProvider({
      id: 'repos',
      path: mockDir.path,
      options: DEFAULT_OPTIONS,
      logger: mockServices.logger.mock(),
      groups: groups ? { hasGroup: async r => groups.includes(r) } : undefined,
    });
    const c = connection();
    await provider.connect(c.conn);
    return { provider, ...c };
  }

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

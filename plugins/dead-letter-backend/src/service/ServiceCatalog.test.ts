import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DefaultServiceCatalog } from './ServiceCatalog';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'term-deposit', namespace: 'default' },
    spec: { type: 'service', owner: 'squad-gemini' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'bankaccount-service',
      namespace: 'default',
      annotations: { 'lunar.app/dead-letter-service': 'bankaccount' },
    },
    spec: { type: 'service', owner: 'group:default/squad-mercury' },
  },
];

describe('DefaultServiceCatalog', () => {
  it('maps a service to the annotated entity, else to the component of its name, with the owner', async () => {
    const catalog = new DefaultServiceCatalog({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
    });
    const found = await catalog.lookup([
      'term-deposit',
      'bankaccount',
      'ghost',
    ]);
    expect(Object.fromEntries(found)).toEqual({
      'term-deposit': {
        entityRef: 'component:default/term-deposit',
        owner: 'group:default/squad-gemini',
      },
      bankaccount: {
        entityRef: 'component:default/bankaccount-service',
        owner: 'group:default/squad-mercury',
      },
      ghost: { entityRef: 'component:default/ghost', owner: undefined },
    });
  });

  it('falls back to the default entities, without owners, while the catalog is down', async () => {
    const failing = catalogServiceMock.mock({
      getEntitiesByRefs: async () => {
        throw new Error('catalog unavailable');
      },
    });
    const logger = mockServices.logger.mock();
    const catalog = new DefaultServiceCatalog({
      catalog: failing,
      auth: mockServices.auth(),
      logger,
    });
    expect(Object.fromEntries(await catalog.lookup(['bankaccount']))).toEqual({
      bankaccount: { entityRef: 'component:default/bankaccount' },
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/catalog unavailable/),
    );
  });
  function counted(options: {
    cacheTtlMs?: number;
    cacheMaxEntries?: number;
    now?: () => number;
  }) {
    const mock = catalogServiceMock({ entities });
    const asked = jest.spyOn(mock, 'getEntitiesByRefs');
    const catalog = new DefaultServiceCatalog({
      catalog: mock,
      auth: mockServices.auth(),
      ...options,
    });
    /** The services the catalog was asked about, call by call. */
    const calls = () =>
      asked.mock.calls.map(([request]) =>
        request.entityRefs.map(ref => ref.split('/')[1]),
      );
    return { catalog, calls };
  }

  it('keeps at most cacheMaxEntries answers and evicts the least recently used one', async () => {
    const { catalog, calls } = counted({ cacheMaxEntries: 3 });
    await catalog.lookup(['a', 'b', 'c']);
    await catalog.lookup(['a']); // a is now the most recently used
    await catalog.lookup(['d']); // evicts b, the least recently used
    expect(catalog.size).toBe(3);
    await catalog.lookup(['a', 'c', 'd']);
    expect(calls()).toEqual([['a', 'b', 'c'], ['d']]);
    await catalog.lookup(['b']);
    expect(calls()).toEqual([['a', 'b', 'c'], ['d'], ['b']]);

    // Many made-up names never grow it past the bound.
    await catalog.lookup(Array.from({ length: 1000 }, (_, i) => `ghost-${i}`));
    expect(catalog.size).toBe(3);
  });

  it('asks the catalog again once an answer is older than cacheTtlMs', async () => {
    // A clock of its own: a loaded machine never makes the answer old early.
    let now = 1_000_000;
    const { catalog, calls } = counted({ cacheTtlMs: 100, now: () => now });
    expect(
      (await catalog.lookup(['term-deposit'])).get('term-deposit'),
    ).toEqual({
      entityRef: 'component:default/term-deposit',
      owner: 'group:default/squad-gemini',
    });
    await catalog.lookup(['term-deposit']);
    now += 99;
    await catalog.lookup(['term-deposit']);
    expect(calls()).toHaveLength(1);
    now += 1; // 100 ms old: asked again
    await catalog.lookup(['term-deposit']);
    expect(calls()).toHaveLength(2);
  });
});

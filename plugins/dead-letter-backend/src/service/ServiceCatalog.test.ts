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
});

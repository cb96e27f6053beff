import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  CatalogProcessor,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { catalogModuleShuttle } from './module';

async function start(config: JsonObject) {
  const processors: CatalogProcessor[] = [];
  const providers: EntityProvider[] = [];
  const flat = <T>(items: Array<T | T[]>) =>
    items.flatMap(i => (Array.isArray(i) ? i : [i]));
  const logger = mockServices.logger.mock();
  await startTestBackend({
    extensionPoints: [
      [
        catalogProcessingExtensionPoint,
        {
          addProcessor: (...p: Array<CatalogProcessor | CatalogProcessor[]>) =>
            processors.push(...flat(p)),
          addEntityProvider: (...p: Array<EntityProvider | EntityProvider[]>) =>
            providers.push(...flat(p)),
        },
      ],
    ],
    features: [
      catalogModuleShuttle,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory(),
      logger.factory,
    ],
  });
  return { processors, providers, logger };
}

describe('catalogModuleShuttle', () => {
  it('registers the processor, and no providers without config', async () => {
    const { processors, providers } = await start({});
    expect(processors.map(p => p.getProcessorName())).toEqual([
      'ShuttleProcessor',
    ]);
    expect(providers).toEqual([]);
  });

  it('registers a provider per configured directory and GitHub organisation', async () => {
    const { providers } = await start({
      integrations: { github: [{ host: 'github.com', token: 't' }] },
      shuttle: {
        ownerPattern: 'group:squad-{squad}',
        maxFileBytes: 1000,
        providers: {
          directory: [
            {
              id: 'local',
              path: '/tmp/repos',
              schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } },
            },
          ],
          github: [{ id: 'lunarway', organization: 'lunarway' }],
        },
      },
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'shuttle-directory:local',
      'shuttle-github:lunarway',
    ]);
  });

  it('starts even when the shuttle config is wrong, logging what it skipped', async () => {
    const { processors, providers, logger } = await start({
      shuttle: {
        ownerPattern: 'group:no-placeholder',
        maxFileBytes: -5,
        providers: {
          directory: [{ path: 'missing-id' }, { id: 'ok', path: '.' }],
          github: [
            { id: 'gh', organization: 'x', host: 'unconfigured.example.com' },
          ],
        },
      },
    });
    expect(processors).toHaveLength(1);
    expect(providers.map(p => p.getProviderName())).toEqual([
      'shuttle-directory:ok',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Ignoring config shuttle.ownerPattern'),
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Ignoring a shuttle.providers.github entry'),
    );
  });
});

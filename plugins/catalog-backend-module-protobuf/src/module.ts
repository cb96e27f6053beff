import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogCollatorExtensionPoint } from '@backstage/plugin-search-backend-module-catalog';
import { readProtobufCatalogOptions } from './options';
import { ProtobufPersonalDataProcessor } from './processor/ProtobufPersonalDataProcessor';
import { personalDataEntityTransformer } from './search';

/**
 * The catalog side: annotates gRPC API entities with the personal data their
 * .proto definitions mark and resolves their imports beside them.
 * @public
 */
export const catalogModuleProtobuf = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'protobuf',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
      },
      async init({ processing, config, logger, reader }) {
        processing.addProcessor(
          new ProtobufPersonalDataProcessor({
            reader,
            integrations: ScmIntegrations.fromConfig(config),
            logger,
            options: readProtobufCatalogOptions(config),
          }),
        );
      },
    });
  },
});

/**
 * The search side: the catalog collator's documents of gRPC APIs with
 * personal data say so in their text.
 * @public
 */
export const searchModuleProtobufPersonalData = createBackendModule({
  pluginId: 'search',
  moduleId: 'protobuf-personal-data',
  register(reg) {
    reg.registerInit({
      deps: { collator: catalogCollatorExtensionPoint },
      async init({ collator }) {
        collator.setEntityTransformer(personalDataEntityTransformer);
      },
    });
  },
});

/**
 * Both modules; the search one unless `protobuf.searchText: false` (only one
 * module may set the catalog collator's transformer).
 * @public
 */
export const protobufFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    yield catalogModuleProtobuf;
    if (config.getOptionalBoolean('protobuf.searchText') !== false) {
      yield searchModuleProtobufPersonalData;
    }
  },
});

import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { textPlaceholderResolver } from './textPlaceholderResolver';

/**
 * Lets entities in `file` locations use `$text: ./definition.yaml`, so an
 * API entity on disk is described by the very file its code serves.
 */
export const catalogModuleFilePlaceholders = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'file-placeholders',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addPlaceholderResolver('text', textPlaceholderResolver);
      },
    });
  },
});

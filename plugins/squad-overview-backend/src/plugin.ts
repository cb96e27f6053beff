import { createBackendPlugin } from '@backstage/backend-plugin-api';

/**
 * Squad overview: a squad's services, open pull requests and pulse.
 *
 * @public
 */
export const squadOverviewPlugin = createBackendPlugin({
  pluginId: 'squad-overview',
  register(env) {
    env.registerInit({
      deps: {},
      async init() {},
    });
  },
});

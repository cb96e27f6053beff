import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { eventsExtensionPoint } from '@backstage/plugin-events-node/alpha';
import { createCheckingJsonParser } from './checkingJsonParser';

/**
 * The secrets the GitHub module checks signatures with: the generic
 * `events.modules.github.webhookSecret` and each GitHub App's webhook secret.
 */
function githubWebhookSecrets(config: Config): string[] {
  const secrets = new Set<string>();
  const generic = config.getOptionalString(
    'events.modules.github.webhookSecret',
  );
  if (generic) {
    secrets.add(generic);
  }
  for (const integration of ScmIntegrations.fromConfig(config).github.list()) {
    for (const app of integration.config.apps ?? []) {
      if (app.webhookSecret) {
        secrets.add(app.webhookSecret);
      }
    }
  }
  return [...secrets];
}

/**
 * Replaces the events backend's JSON body parser with one that answers a
 * GitHub webhook with a missing or wrong signature with 401 and a body that
 * is not JSON (or a malformed payload) with 400, instead of 403 and 500.
 *
 * @public
 */
export const eventsModuleGithubChecks = createBackendModule({
  pluginId: 'events',
  moduleId: 'github-checks',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        events: eventsExtensionPoint,
      },
      async init({ config, events }) {
        events.addHttpPostBodyParser({
          contentType: 'application/json',
          parser: createCheckingJsonParser({
            githubSecrets: githubWebhookSecrets(config),
          }),
        });
      },
    });
  },
});

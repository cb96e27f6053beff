/*
 * Hi!
 *
 * Note that this is an EXAMPLE Backstage backend. Please check the README.
 *
 * Happy hacking!
 */

import { createBackend } from '@backstage/backend-defaults';
import { deadLetterSearchCollatorModule } from '@internal/backstage-plugin-dead-letter-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// GitHub sign-in, used once auth.providers.github is configured (production).
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
// Sign-in behind oauth2-proxy (x-forwarded-user). Inactive unless
// auth.providers.oauth2Proxy is configured: only app-config.e2e.yaml does, so
// the end-to-end tests can sign in as a second catalog user.
backend.add(
  import('@backstage/plugin-auth-backend-module-oauth2-proxy-provider'),
);
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// The portal's one permission policy: only the owning squad may approve or
// revoke access to a database, or delete or redeliver a service's dead
// letters (plus deadLetter.permissions.adminGroups); everything else is allowed.
backend.add(
  import('@internal/backstage-plugin-permission-backend-module-portal-policy'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
// Stored dead letters by message id and correlation id (type dead-letter)
backend.add(deadLetterSearchCollatorModule);

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@internal/backstage-plugin-dead-letter-backend'));
backend.add(import('@internal/backstage-plugin-database-access-backend'));
backend.add(import('@internal/backstage-plugin-release-status-backend'));
// events: GitHub webhooks at POST /api/events/http/github (signature checked
// with events.modules.github.webhookSecret), for the squad overview's pulse
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github'));
// ...answering a missing or wrong signature with 401 and a body that is not
// JSON, or a malformed payload, with 400
backend.add(
  import('@internal/backstage-plugin-events-backend-module-github-checks'),
);
backend.add(import('@internal/backstage-plugin-squad-overview-backend'));
// PagerDuty (who is on call, for the squad overview): /api/pagerduty, with
// credentials in pagerDuty.apiToken / oauth / accounts
backend.add(import('@pagerduty/backstage-plugin-backend'));
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-shuttle'),
);
backend.add(
  import('@internal/backstage-plugin-scaffolder-backend-module-local-git'),
);
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-file-placeholders'),
);
// gRPC APIs: personal data from their .proto files (annotations, tag, search text)
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-protobuf'),
);
// Entities that fail processing: GET /api/catalog/entities/unprocessed/failed
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
backend.start();

import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Runs the database-access backend alone (yarn start in this package) with
// mock auth (every caller is user:default/mock), permissions that allow
// everything and a one-database mock catalog. Config comes from the
// repository's app-config.yaml (environment `local`: this machine's
// PostgreSQL, databases created on first grant):
//   yarn start --config ../../app-config.yaml
//
//   curl http://localhost:7007/api/database-access/environments
//   curl -X POST http://localhost:7007/api/database-access/requests \
//     -H 'Content-Type: application/json' \
//     -d '{"database":"resource:default/term-deposit-db","environment":"local","level":"read","reason":"Trying the plugin out","durationMinutes":30}'
// (approving needs someone else than the requester: use the portal, or the
// HTTP test in src/plugin.test.ts.)

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => mockServices.permissions(),
  }),
);
backend.add(mockServices.userInfo.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'term-deposit-db', namespace: 'default' },
        spec: { type: 'database', owner: 'group:default/squad-gemini' },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/squad-gemini' },
        ],
      },
    ],
  }),
);

backend.add(import('../src'));

backend.start();

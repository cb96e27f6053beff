import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// The plugin alone, with mocked auth and a small catalog: `yarn start` here,
// with the repository's app-config.yaml (add a `releaseStatus:` section to
// turn sources on). Then, for example:
//
//   curl -X POST http://localhost:7007/api/release-status/releases \
//     -H 'Authorization: Bearer mock-service-token' -H 'Content-Type: application/json' \
//     -d '{"service":"term-deposit","environment":"dev","artifactId":"master-1c1508405e-67e9d69164"}'
//   curl http://localhost:7007/api/release-status/services/term-deposit/status
//   curl http://localhost:7007/api/release-status/services/term-deposit/drift
//   curl http://localhost:7007/api/release-status/squads/squad-nasa/drift

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'term-deposit',
          annotations: { 'github.com/project-slug': 'lunarway/term-deposit' },
        },
        spec: { type: 'service', owner: 'squad-nasa', lifecycle: 'production' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-nasa' }],
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();

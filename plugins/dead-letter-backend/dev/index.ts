import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Runs the dead-letter backend alone (yarn start in this package), with mock
// auth and a small mock catalog. Config comes from the repository's
// app-config*.yaml; add `deadLetter.environments` to consume a broker, e.g.
//   yarn start --config ../../app-config.yaml --config ../../app-config.e2e.yaml
//
//   curl http://localhost:7007/api/dead-letter/environments
//   curl 'http://localhost:7007/api/dead-letter/dead-letters?environment=dev&service=term-deposit'
//   curl 'http://localhost:7007/api/dead-letter/dead-letters/squad-overview?environment=dev'
//   curl -X POST http://localhost:7007/api/dead-letter/dead-letters/redeliver \
//     -H 'Content-Type: application/json' -d '{"ids": ["1"]}'

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'term-deposit', namespace: 'default' },
        spec: { type: 'service', owner: 'group:default/squad-nasa' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-nasa' }],
      },
    ],
  }),
);

backend.add(import('../src'));

backend.start();

import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseClosedOnStop } from '@internal/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { protobufFeatures } from './module';

describe('protobufFeatures', () => {
  const mockDir = createMockDirectory();

  it('annotates a gRPC API in a running catalog', async () => {
    mockDir.setContent({
      'customer-grpc.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: API',
        'metadata:',
        '  name: customer-grpc',
        'spec:',
        '  type: grpc',
        '  lifecycle: production',
        '  owner: squad-nasa',
        '  definition: |',
        '    syntax = "proto3";',
        '    import "common/person.proto";',
        '    message Customer {',
        '      string email = 1 [(gdpr_sensitive) = true];',
        '      common.Person person = 2;',
        '    }',
      ].join('\n'),
      'common/person.proto':
        'syntax = "proto3";\npackage common;\nmessage Person { string iban = 1 [(gdpr_sensitive) = true]; }\n',
    });

    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        databaseClosedOnStop,
        // The search module is left out: this backend has no search plugin.
        protobufFeatures,
        mockServices.rootConfig.factory({
          data: {
            protobuf: { searchText: false },
            catalog: {
              rules: [{ allow: ['API', 'Location'] }],
              processingInterval: { seconds: 1 },
              locations: [
                { type: 'file', target: mockDir.resolve('customer-grpc.yaml') },
              ],
            },
          },
        }),
      ],
    });

    let entity: any;
    for (let i = 0; i < 60 && !entity; i++) {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/api/default/customer-grpc',
      );
      entity = res.status === 200 ? res.body : undefined;
      if (!entity) await new Promise(r => setTimeout(r, 500));
    }
    expect(entity.metadata.annotations).toMatchObject({
      'lunar.app/personal-data-fields': '2',
      'lunar.app/personal-data-messages': 'Customer,Person',
    });
    expect(entity.metadata.tags).toEqual(['personal-data']);
    expect(entity.spec.definition).toContain('// ==> common/person.proto <==');
  }, 60_000);
});

import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseClosedOnStop } from '@internal/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleFilePlaceholders } from './module';

describe('catalogModuleFilePlaceholders', () => {
  const mockDir = createMockDirectory();

  it('fills an API definition from the file beside it', async () => {
    mockDir.setContent({
      'catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: API',
        'metadata:',
        '  name: demo-http',
        'spec:',
        '  type: openapi',
        '  lifecycle: production',
        '  owner: squad-nasa',
        '  definition:',
        '    $text: ./openapi.yaml',
      ].join('\n'),
      'openapi.yaml': 'openapi: 3.0.3\ninfo:\n  title: Demo\n',
    });

    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        databaseClosedOnStop,
        catalogModuleFilePlaceholders,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['API', 'Location'] }],
              processingInterval: { seconds: 1 },
              locations: [
                { type: 'file', target: mockDir.resolve('catalog-info.yaml') },
              ],
            },
          },
        }),
      ],
    });

    let definition: string | undefined;
    for (let i = 0; i < 60 && !definition; i++) {
      const res = await request(server).get(
        '/api/catalog/entities/by-name/api/default/demo-http',
      );
      definition = res.body?.spec?.definition;
      if (!definition) await new Promise(r => setTimeout(r, 500));
    }
    expect(definition).toContain('title: Demo');
  }, 60_000);
});

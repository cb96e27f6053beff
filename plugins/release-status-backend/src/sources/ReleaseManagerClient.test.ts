import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RM_BASE_URL } from '../__fixtures__/releaseManager';
import { ReleaseManagerClient } from './ReleaseManagerClient';

describe('ReleaseManagerClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ReleaseManagerClient({
    baseUrl: RM_BASE_URL,
    environments: ['dev', 'staging', 'production'],
  });

  it('reads the legacy /status body by the configured environment names', async () => {
    server.use(
      http.get(`${RM_BASE_URL}/status`, () =>
        // Older release managers: one key per environment (Go's
        // `StatusResponse`), empty fields omitted.
        HttpResponse.json({
          dev: {
            tag: 'master-2b2b2b2b2b-67e9d69164',
            author: 'Bjørn Sørensen',
            date: Date.parse('2026-11-20T09:55:00Z'),
            highVulnerabilities: 1,
          },
          production: { tag: 'master-1a1a1a1a1a-67e9d69164' },
          // Not a configured environment: ignored.
          prod: { tag: 'master-0f0f0f0f0f-67e9d69164' },
        }),
      ),
    );

    expect(await client.status('term-deposit')).toEqual([
      {
        name: 'dev',
        tag: 'master-2b2b2b2b2b-67e9d69164',
        author: 'Bjørn Sørensen',
        date: Date.parse('2026-11-20T09:55:00Z'),
        highVulnerabilities: 1,
      },
      { name: 'production', tag: 'master-1a1a1a1a1a-67e9d69164' },
    ]);
  });

  it('reads the environments list of the current /status body as it is', async () => {
    server.use(
      http.get(`${RM_BASE_URL}/status`, () =>
        HttpResponse.json({
          defaultNamespaces: true,
          environments: [{ name: 'production', tag: 'master-1a1a1a1a1a-x' }],
        }),
      ),
    );

    expect(await client.status('term-deposit')).toEqual([
      { name: 'production', tag: 'master-1a1a1a1a1a-x' },
    ]);
  });
});

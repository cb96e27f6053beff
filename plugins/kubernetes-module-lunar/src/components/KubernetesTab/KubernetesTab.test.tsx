import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubernetesTab } from './KubernetesTab';

const server = setupServer();
registerMswTestHooks(server);

const CLUSTERS_URL = 'http://localhost:7007/api/kubernetes/clusters';

const termDeposit: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'term-deposit',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'term-deposit' },
  },
  spec: { type: 'service', owner: 'squad-gemini', lifecycle: 'production' },
};

/** The stock content's own APIs: clusters with nothing of this service. */
const kubernetesApi = {
  getClusters: async () => [{ name: 'prod', authProvider: 'serviceAccount' }],
  getObjectsByEntity: jest.fn(async () => ({ items: [] })),
};
const kubernetesAuthProvidersApi = {
  decorateRequestBodyForAuth: async (_: string, body: object) => body,
  getCredentials: async () => ({}),
};

function render() {
  return renderInTestApp(
    <EntityProvider entity={termDeposit}>
      <KubernetesTab />
    </EntityProvider>,
    {
      apis: [
        mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
        mockApis.fetch(),
        mockApis.permission(),
        [kubernetesApiRef, kubernetesApi as any],
        [kubernetesAuthProvidersApiRef, kubernetesAuthProvidersApi as any],
      ],
    },
  );
}

describe('KubernetesTab', () => {
  beforeEach(() => kubernetesApi.getObjectsByEntity.mockClear());

  it('says no cluster is configured, and how, when the Kubernetes backend has no config (404)', async () => {
    server.use(
      http.get(CLUSTERS_URL, () => new HttpResponse(null, { status: 404 })),
    );
    await render();

    expect(
      await screen.findByText('No Kubernetes cluster configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kubernetes.clusterLocatorMethods in app-config.yaml/),
    ).toBeInTheDocument();
    expect(screen.getByText(/serviceAccountToken:/)).toBeInTheDocument();
    expect(
      screen.queryByText(/problem retrieving Kubernetes objects/),
    ).not.toBeInTheDocument();
    expect(kubernetesApi.getObjectsByEntity).not.toHaveBeenCalled();
  });

  it('says no cluster is configured when the backend lists none', async () => {
    server.use(http.get(CLUSTERS_URL, () => HttpResponse.json({ items: [] })));
    await render();

    expect(
      await screen.findByText('No Kubernetes cluster configured'),
    ).toBeInTheDocument();
  });

  it('shows the stock pod view when there are clusters', async () => {
    server.use(
      http.get(CLUSTERS_URL, () =>
        HttpResponse.json({
          items: [{ name: 'prod', authProvider: 'serviceAccount' }],
        }),
      ),
    );
    await render();

    expect(await screen.findByText('Your Clusters')).toBeInTheDocument();
    expect(
      screen.getByText('No resources on any known clusters for term-deposit'),
    ).toBeInTheDocument();
    expect(kubernetesApi.getObjectsByEntity).toHaveBeenCalled();
  });

  it("shows the backend's error when it fails otherwise", async () => {
    server.use(
      http.get(CLUSTERS_URL, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'kubernetes backend broke' } },
          { status: 500 },
        ),
      ),
    );
    await render();

    expect(
      await screen.findByText(/kubernetes backend broke/),
    ).toBeInTheDocument();
  });
});

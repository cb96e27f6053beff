import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DefaultApiClient } from '@internal/backstage-plugin-release-status-common';
import type { ReleaseStatusApi } from './ReleaseStatusApi';
import type { Release, ServiceDrift, SquadDrift } from './types';

type TypedResponse<T> = Omit<Response, 'json'> & { json(): Promise<T> };

async function body<T>(response: TypedResponse<T>): Promise<T> {
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  return response.json();
}

/** The generated OpenAPI client, with errors turned into `ResponseError`s. */
export class ReleaseStatusClient implements ReleaseStatusApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  async getServiceDrift(service: string): Promise<ServiceDrift> {
    return body(await this.client.getServiceDrift({ path: { service } }));
  }

  async getReleaseHistory(
    service: string,
    environment: string,
    options?: { limit?: number },
  ): Promise<Release[]> {
    const history = await body(
      await this.client.getServiceHistory({
        path: { service },
        query: { environment, limit: options?.limit },
      }),
    );
    return history.releases;
  }

  async getSquadDrift(squad: string): Promise<SquadDrift> {
    return body(await this.client.getSquadDrift({ path: { squad } }));
  }
}

import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DefaultApiClient,
  TypedResponse,
} from '@internal/backstage-plugin-squad-overview-common';
import { SquadOverviewApi } from './SquadOverviewApi';
import {
  DeploymentsResponse,
  PullRequestsResponse,
  PulseResponse,
  ServicesResponse,
  SquadName,
} from './types';

async function body<T>(response: Promise<TypedResponse<T>>): Promise<T> {
  const res = await response;
  if (!res.ok) {
    throw await ResponseError.fromResponse(res as Response);
  }
  return res.json();
}

/**
 * The generated OpenAPI client of `-common`, through the app's discovery and
 * fetch APIs (the fetch API adds the user's token); failed responses become
 * `ResponseError`s carrying the backend's message.
 *
 * @public
 */
export class SquadOverviewClient implements SquadOverviewApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  getServices(squad: SquadName): Promise<ServicesResponse> {
    return body(this.client.getSquadServices({ path: squad }));
  }

  getPullRequests(
    squad: SquadName,
    options: { q?: string } = {},
  ): Promise<PullRequestsResponse> {
    return body(
      this.client.getSquadPullRequests({
        path: squad,
        query: { q: options.q || undefined },
      }),
    );
  }

  getPulse(
    squad: SquadName,
    options: { before?: string; limit?: number } = {},
  ): Promise<PulseResponse> {
    return body(
      this.client.getSquadPulse({
        path: squad,
        query: { before: options.before, limit: options.limit },
      }),
    );
  }

  getDeployments(
    squad: SquadName,
    options: { since?: string } = {},
  ): Promise<DeploymentsResponse> {
    return body(
      this.client.getSquadDeployments({ path: squad, query: options }),
    );
  }
}

import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { SquadOverviewApi } from './SquadOverviewApi';
import {
  PullRequestsResponse,
  PulseResponse,
  ServicesResponse,
  SquadName,
} from './types';

/**
 * The squad-overview backend through the app's discovery and fetch APIs (the
 * fetch API adds the user's token); failed responses become `ResponseError`s
 * carrying the backend's message.
 *
 * @public
 */
export class SquadOverviewClient implements SquadOverviewApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getServices(squad: SquadName): Promise<ServicesResponse> {
    return this.get(squad, 'services', {});
  }

  getPullRequests(
    squad: SquadName,
    options: { q?: string } = {},
  ): Promise<PullRequestsResponse> {
    return this.get(squad, 'pull-requests', { q: options.q || undefined });
  }

  getPulse(
    squad: SquadName,
    options: { before?: string; limit?: number } = {},
  ): Promise<PulseResponse> {
    return this.get(squad, 'pulse', {
      before: options.before,
      limit: options.limit?.toString(),
    });
  }

  private async get<T>(
    squad: SquadName,
    resource: string,
    query: Record<string, string | undefined>,
  ): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('squad-overview');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, value);
    }
    const search = params.toString();
    const url = `${base}/squads/${encodeURIComponent(
      squad.namespace,
    )}/${encodeURIComponent(squad.name)}/${resource}${
      search ? `?${search}` : ''
    }`;
    const res = await this.options.fetchApi.fetch(url);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.json();
  }
}

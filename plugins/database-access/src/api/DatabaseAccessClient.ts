import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DefaultApiClient,
  TypedResponse,
} from '@internal/backstage-plugin-database-access-common';
import { DatabaseAccessApi } from './DatabaseAccessApi';
import {
  AccessHistory,
  AccessHistoryQuery,
  AccessRequest,
  AccessRequestList,
  CreateAccessRequest,
  Credentials,
  EnvironmentList,
  ListRequestsQuery,
} from './types';

async function ok<T>(response: Promise<TypedResponse<T>>) {
  const res = await response;
  if (!res.ok) {
    throw await ResponseError.fromResponse(res as Response);
  }
  return res;
}

async function body<T>(response: Promise<TypedResponse<T>>): Promise<T> {
  return (await ok(response)).json();
}

/**
 * The generated OpenAPI client of `-common`, through the app's discovery and
 * fetch APIs (the fetch API adds the user's token), with failed responses
 * turned into `ResponseError`s.
 *
 * @public
 */
export class DatabaseAccessClient implements DatabaseAccessApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  listEnvironments(): Promise<EnvironmentList> {
    return body(this.client.listEnvironments({}));
  }

  listRequests(query: ListRequestsQuery): Promise<AccessRequestList> {
    return body(this.client.listRequests({ query }));
  }

  getRequest(id: string): Promise<AccessRequest> {
    return body(this.client.getRequest({ path: { id } }));
  }

  createRequest(request: CreateAccessRequest): Promise<AccessRequest> {
    return body(this.client.createRequest({ body: request }));
  }

  approveRequest(id: string, comment?: string): Promise<AccessRequest> {
    return body(
      this.client.approveRequest({
        path: { id },
        body: comment ? { comment } : {},
      }),
    );
  }

  rejectRequest(id: string, reason: string): Promise<AccessRequest> {
    return body(this.client.rejectRequest({ path: { id }, body: { reason } }));
  }

  revokeRequest(id: string, reason?: string): Promise<AccessRequest> {
    return body(
      this.client.revokeRequest({
        path: { id },
        body: reason ? { reason } : {},
      }),
    );
  }

  issueCredentials(id: string): Promise<Credentials> {
    return body(this.client.issueCredentials({ path: { id } }));
  }

  listAccessHistory(query: AccessHistoryQuery): Promise<AccessHistory> {
    return body(this.client.listAccessHistory({ query }));
  }

  async exportAccessHistoryCsv(query: AccessHistoryQuery): Promise<Blob> {
    const res = await ok(
      this.client.listAccessHistory({ query: { ...query, format: 'csv' } }),
    );
    return (res as unknown as Response).blob();
  }
}

import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DefaultApiClient,
  TypedResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import { DeadLetterApi } from './DeadLetterApi';
import {
  AuditList,
  BulkJob,
  BulkRequest,
  DeadLetter,
  DeadLetterList,
  DeleteResponse,
  EnvironmentList,
  ErrorCountList,
  ListDeadLetterErrorsRequest,
  ListDeadLettersRequest,
  LookupResult,
  RedeliverResponse,
  ServiceOverview,
  SquadOverview,
  Trends,
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
 * fetch APIs (the fetch API adds the user's token), with failed responses
 * turned into `ResponseError`s.
 *
 * @public
 */
export class DeadLetterClient implements DeadLetterApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  listEnvironments(): Promise<EnvironmentList> {
    return body(this.client.listEnvironments({}));
  }

  listDeadLetters(request: ListDeadLettersRequest): Promise<DeadLetterList> {
    return body(this.client.listDeadLetters({ query: request }));
  }

  listDeadLetterErrors(
    request: ListDeadLetterErrorsRequest,
  ): Promise<ErrorCountList> {
    return body(this.client.listDeadLetterErrors({ query: request }));
  }

  getDeadLetter(id: string): Promise<DeadLetter> {
    return body(this.client.getDeadLetter({ path: { id } }));
  }

  lookupDeadLetters(id: string): Promise<LookupResult> {
    return body(this.client.lookupDeadLetters({ query: { id } }));
  }

  deleteDeadLetters(ids: string[]): Promise<DeleteResponse> {
    return body(this.client.deleteDeadLetters({ body: { ids } }));
  }

  redeliverDeadLetters(ids: string[]): Promise<RedeliverResponse> {
    return body(this.client.redeliverDeadLetters({ body: { ids } }));
  }

  startBulkAction(request: BulkRequest): Promise<BulkJob> {
    return body(this.client.startBulkAction({ body: request }));
  }

  getBulkAction(id: string): Promise<BulkJob> {
    return body(this.client.getBulkAction({ path: { id } }));
  }

  getTrends(request: { environment: string; days: number }): Promise<Trends> {
    return body(this.client.getTrends({ query: request }));
  }

  getServiceOverview(environment: string): Promise<ServiceOverview> {
    return body(this.client.getServiceOverview({ query: { environment } }));
  }

  getSquadOverview(environment: string): Promise<SquadOverview> {
    return body(this.client.getSquadOverview({ query: { environment } }));
  }

  listAudit(request: { service?: string; limit?: number }): Promise<AuditList> {
    return body(this.client.listAudit({ query: request }));
  }
}

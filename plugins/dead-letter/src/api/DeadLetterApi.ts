import { createApiRef } from '@backstage/frontend-plugin-api';
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

/**
 * What the dead-letter UI needs from the dead-letter backend.
 *
 * @public
 */
export interface DeadLetterApi {
  listEnvironments(): Promise<EnvironmentList>;
  listDeadLetters(request: ListDeadLettersRequest): Promise<DeadLetterList>;
  /** Distinct error texts of the matching messages with counts, top first. */
  listDeadLetterErrors(
    request: ListDeadLetterErrorsRequest,
  ): Promise<ErrorCountList>;
  getDeadLetter(id: string): Promise<DeadLetter>;
  /** Messages with this message id or correlation id, in any service and environment. */
  lookupDeadLetters(id: string): Promise<LookupResult>;
  deleteDeadLetters(ids: string[]): Promise<DeleteResponse>;
  redeliverDeadLetters(ids: string[]): Promise<RedeliverResponse>;
  /**
   * Starts a delete or redeliver of every message matching a filter (up to
   * `upToId`) on the server; the job reports its progress.
   */
  startBulkAction(request: BulkRequest): Promise<BulkJob>;
  getBulkAction(id: string): Promise<BulkJob>;
  /** Dead letters per day per service over the last `days` days. */
  getTrends(request: { environment: string; days: number }): Promise<Trends>;
  getServiceOverview(environment: string): Promise<ServiceOverview>;
  getSquadOverview(environment: string): Promise<SquadOverview>;
  listAudit(request: { service?: string; limit?: number }): Promise<AuditList>;
}

/** @public */
export const deadLetterApiRef = createApiRef<DeadLetterApi>({
  id: 'plugin.dead-letter.api',
});

import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AuditList,
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
  getServiceOverview(environment: string): Promise<ServiceOverview>;
  getSquadOverview(environment: string): Promise<SquadOverview>;
  listAudit(request: { service?: string; limit?: number }): Promise<AuditList>;
}

/** @public */
export const deadLetterApiRef = createApiRef<DeadLetterApi>({
  id: 'plugin.dead-letter.api',
});

import { createApiRef } from '@backstage/frontend-plugin-api';
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

/**
 * What the database-access UI needs from the database-access backend.
 *
 * @public
 */
export interface DatabaseAccessApi {
  listEnvironments(): Promise<EnvironmentList>;
  listRequests(query: ListRequestsQuery): Promise<AccessRequestList>;
  getRequest(id: string): Promise<AccessRequest>;
  createRequest(request: CreateAccessRequest): Promise<AccessRequest>;
  approveRequest(id: string, comment?: string): Promise<AccessRequest>;
  rejectRequest(id: string, reason: string): Promise<AccessRequest>;
  revokeRequest(id: string, reason?: string): Promise<AccessRequest>;
  /** The login of an active grant: only the requester, only once. */
  issueCredentials(id: string): Promise<Credentials>;
  listAccessHistory(query: AccessHistoryQuery): Promise<AccessHistory>;
  /** The same history as CSV, fetched with the user's token. */
  exportAccessHistoryCsv(query: AccessHistoryQuery): Promise<Blob>;
}

/** @public */
export const databaseAccessApiRef = createApiRef<DatabaseAccessApi>({
  id: 'plugin.database-access.api',
});

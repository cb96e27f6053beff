// The wire types are the OpenAPI models generated into -common.
export type {
  AccessHistoryEntry,
  AccessLevel,
  AccessRequest,
  AccessRequestList,
  AccessHistory,
  Credentials,
  Environment,
  EnvironmentList,
  RequestStatus,
  CreateAccessRequest,
} from '@internal/backstage-plugin-database-access-common';

/** Which requests GET /requests returns. */
export type RequestView = 'mine' | 'awaiting-me' | 'all';

export interface ListRequestsQuery {
  view?: RequestView;
  database?: string;
  environment?: string;
  status?: string;
  limit?: number;
}

/** Filters of the access history (and of its CSV export). */
export interface AccessHistoryQuery {
  database?: string;
  user?: string;
  environment?: string;
  /** ISO 8601 date-time. */
  from?: string;
  /** ISO 8601 date-time. */
  to?: string;
  limit?: number;
}

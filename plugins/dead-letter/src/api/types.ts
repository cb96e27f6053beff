export type {
  AuditEntry,
  AuditList,
  BulkFailure,
  BulkFilter,
  BulkJob,
  BulkRequest,
  DeadLetter,
  DeadLetterList,
  DeadLetterSummary,
  DeleteResponse,
  Environment,
  EnvironmentList,
  ErrorCount,
  ErrorCountList,
  IngestStatus,
  LookupResult,
  RedeliverResponse,
  RedeliverResult,
  ServiceCount,
  ServiceOverview,
  SquadCount,
  SquadOverview,
  Trends,
  TrendSeries,
} from '@internal/backstage-plugin-dead-letter-common';

/** Filters and paging of `GET /dead-letters`. */
export type ListDeadLettersRequest = {
  environment?: string;
  service?: string;
  queue?: string;
  q?: string;
  /** Exact error text. */
  error?: string;
  /** Only messages without an error text. */
  errorIsNull?: boolean;
  /** Died at or after / at or before (ISO 8601). */
  from?: string;
  to?: string;
  /** By id; the backend's default is newest first. */
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
};

/** Filters of `GET /dead-letters/errors`. */
export type ListDeadLetterErrorsRequest = {
  environment?: string;
  service?: string;
  queue?: string;
  from?: string;
  to?: string;
};

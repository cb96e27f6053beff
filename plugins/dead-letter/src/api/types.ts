export type {
  AuditEntry,
  AuditList,
  DeadLetter,
  DeadLetterList,
  DeadLetterSummary,
  DeleteResponse,
  Environment,
  EnvironmentList,
  IngestStatus,
  RedeliverResponse,
  RedeliverResult,
  ServiceCount,
  ServiceOverview,
  SquadCount,
  SquadOverview,
} from '@internal/backstage-plugin-dead-letter-common';

/** Filters and paging of `GET /dead-letters`. */
export type ListDeadLettersRequest = {
  environment?: string;
  service?: string;
  queue?: string;
  q?: string;
  offset?: number;
  limit?: number;
};

import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import {
  AuditList,
  BulkJob,
  BulkRequest,
  DeadLetter,
  DeadLetterList,
  DeleteResponse,
  EnvironmentList,
  ErrorCountList,
  LookupResult,
  RedeliverResponse,
  ServiceOverview,
  SquadOverview,
  Trends,
} from './schema/openapi';

/** A dead letter as read from the broker, ready to be stored. */
export interface IncomingDeadLetter {
  /** Unique per delivery (a fresh id): two equal messages are two rows. */
  dedupeKey: string;
  /**
   * Hash of what identifies the message's content (environment, queue,
   * properties, headers, body): equal for a broker redelivery of the same
   * message. Only a redelivered delivery is matched against rows stored but
   * not yet acked with the same hash.
   */
  contentHash: string;
  /**
   * The broker delivered it before, or an earlier attempt to store it lost
   * the database's answer: it may already be stored.
   */
  redelivered: boolean;
  /** The consumer session and batch number it was stored in (for ack tracking). */
  ingestSession?: string;
  ingestSeq?: number;
  environment: string;
  service: string;
  queue: string;
  deadLetterQueue: string;
  exchange: string;
  routingKey: string;
  messageId: string | null;
  correlationId: string | null;
  error: string | null;
  headers: JsonObject;
  properties: JsonObject;
  /** JSON of headers/properties when already serialised (saves a second pass). */
  headersJson?: string;
  propertiesJson?: string;
  body: Buffer;
  bodySize: number;
  bodyTruncated: boolean;
  redeliveredCount: number;
  receivedAt: Date;
  /** When it died (x-death time), else when it was received. */
  diedAt: Date;
}

/** Messages stored per service in one write. */
export interface StoredCount {
  environment: string;
  service: string;
  count: number;
}

/** What one write stored. */
export interface InsertResult {
  inserted: number;
  ids: string[];
  /** New messages per service (for the "N new" signal). */
  services: StoredCount[];
}

/** A stored dead letter without headers, properties and body. */
export interface StoredDeadLetterSummary {
  id: string;
  environment: string;
  service: string;
  queue: string;
  exchange: string;
  routingKey: string;
  messageId: string | null;
  correlationId: string | null;
  error: string | null;
  bodySize: number;
  bodyTruncated: boolean;
  redeliveredCount: number;
  receivedAt: Date;
  diedAt: Date;
}

/** A stored dead letter with everything needed to show or redeliver it. */
export interface StoredDeadLetter extends StoredDeadLetterSummary {
  deadLetterQueue: string;
  headers: JsonObject;
  properties: JsonObject;
  body: Buffer;
}

export interface DeadLetterFilter {
  environment?: string;
  service?: string;
  /** Restrict to these services (what the caller may read); undefined = no restriction. */
  services?: string[];
  queue?: string;
  /** Free text over message id, correlation id, error, routing key and queue. */
  q?: string;
  /** Exact error text; null selects the messages without one. */
  error?: string | null;
  /** Died at or after / at or before. */
  from?: Date;
  to?: Date;
  /** Only ids up to this one / after this one (bulk actions page by id). */
  upToId?: string;
  afterId?: string;
}

/** How many matching messages carry one error text. */
export interface ErrorCountRecord {
  error: string | null;
  count: number;
}

export interface DailyCountRecord {
  environment: string;
  service: string;
  /** YYYY-MM-DD */
  day: string;
  count: number;
}

export interface ServiceCountRecord {
  environment: string;
  service: string;
  count: number;
  lastReceivedAt: Date | null;
}

export type AuditAction = 'delete' | 'redeliver';
export type AuditOutcome = 'succeeded' | 'partial' | 'failed';

export interface AuditRecord {
  id?: string;
  action: AuditAction;
  actor: string;
  environment: string;
  service: string;
  messageIds: string[];
  outcome: AuditOutcome;
  details: JsonObject;
  createdAt: Date;
}

/** Storage of dead letters, their per-service counts and the audit trail. */
export interface DeadLetterStore {
  /**
   * Stores a batch in one transaction, marked as waiting for the broker ack.
   * A redelivered message already stored and still waiting is not stored
   * again. Returns the ids of the new rows.
   */
  insertBatch(messages: IncomingDeadLetter[]): Promise<InsertResult>;
  /** The broker has the acks of `session`'s batches up to number `seq`. */
  markAcked(session: string, seq: number): Promise<void>;
  /**
   * Marks the ids as being redelivered by `token`; returns those this call
   * claimed (not those claimed by another request since `staleBefore`).
   */
  claimRedelivery(
    ids: string[],
    token: string,
    staleBefore: Date,
  ): Promise<string[]>;
  /** Drops the claim of `token` (the publish failed). */
  releaseRedelivery(ids: string[], token: string): Promise<void>;
  list(
    filter: DeadLetterFilter,
    page: { offset: number; limit: number; order?: 'asc' | 'desc' },
  ): Promise<{
    items: StoredDeadLetterSummary[];
    totalCount: number;
    newestId?: string;
  }>;
  /** How many messages match. */
  count(filter: DeadLetterFilter): Promise<number>;
  /** The ids of the first `limit` matching messages, oldest first. */
  matchingIds(filter: DeadLetterFilter, limit: number): Promise<string[]>;
  /** Messages per day (UTC, by when they died) per service since `since`. */
  dailyCounts(options: {
    environment?: string;
    since: string;
  }): Promise<DailyCountRecord[]>;
  /** Distinct error texts of the matching messages, most frequent first. */
  errorCounts(
    filter: DeadLetterFilter,
    limit: number,
  ): Promise<ErrorCountRecord[]>;
  get(id: string): Promise<StoredDeadLetter | undefined>;
  getSummaries(ids: string[]): Promise<StoredDeadLetterSummary[]>;
  /** Messages with this message id or correlation id, newest first. */
  lookup(id: string, limit: number): Promise<StoredDeadLetterSummary[]>;
  getMany(ids: string[]): Promise<StoredDeadLetter[]>;
  /** Deletes the given ids; returns the ids that were deleted. */
  delete(ids: string[]): Promise<string[]>;
  serviceCounts(environment?: string): Promise<ServiceCountRecord[]>;
  addAudit(records: AuditRecord[]): Promise<void>;
  listAudit(options: {
    service?: string;
    limit: number;
  }): Promise<Array<AuditRecord & { id: string }>>;
}

export type BulkJobState = 'running' | 'done' | 'failed';

/** A delete or redeliver by filter and how far it got. */
export interface BulkJobRecord {
  id: string;
  action: AuditAction;
  environment: string;
  service: string;
  actor: string;
  /** The request's filter, as given. */
  filter: JsonObject;
  upToId: string;
  state: BulkJobState;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  /** The first failures (at most 20). */
  failures: Array<{ id: string; error: string }>;
  error?: string;
  startedAt: Date;
  /** Last progress written; a running job without one for long was interrupted. */
  heartbeatAt: Date;
  finishedAt?: Date;
}

export interface BulkJobStore {
  create(
    job: Omit<
      BulkJobRecord,
      'id' | 'processed' | 'succeeded' | 'failed' | 'failures' | 'heartbeatAt'
    >,
  ): Promise<BulkJobRecord>;
  update(
    id: string,
    patch: Partial<
      Pick<
        BulkJobRecord,
        | 'state'
        | 'processed'
        | 'succeeded'
        | 'failed'
        | 'failures'
        | 'error'
        | 'finishedAt'
      >
    >,
  ): Promise<void>;
  get(id: string): Promise<BulkJobRecord | undefined>;
}

/** Publishes a stored message back to its original queue of one environment. */
export interface DeadLetterPublisher {
  /**
   * Resolves once the broker has confirmed the message; rejects when it was
   * not routed to the queue, nacked, or the environment is not connected.
   */
  redeliver(message: StoredDeadLetter, actor: string): Promise<void>;
}

/** What one environment's ingest is doing. */
export interface IngestStatus {
  state: 'idle' | 'connecting' | 'consuming' | 'reconnecting' | 'stopped';
  since: Date;
  lastError?: { message: string; at: Date };
  /**
   * Storing what is received fails (the database does not answer, or
   * refuses): the latest reason, and when the failures began. Cleared by the
   * next successful store.
   */
  storeError?: { message: string; at: Date };
  /** Per dead-letter queue; null where the broker could not be asked. */
  queues: Array<{
    name: string;
    messagesWaiting: number | null;
    consumers: number | null;
  }>;
}

/** One environment's consumer (and publisher for redelivery). */
export interface DeadLetterBroker extends DeadLetterPublisher {
  readonly environment: string;
  start(): void;
  stop(): Promise<void>;
  isConnected(): boolean;
  status(): Promise<IngestStatus>;
}

export type Caller = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/** What the HTTP layer delegates to; every call is authorised for the caller. */
export interface DeadLetterService {
  listEnvironments(): Promise<EnvironmentList>;
  list(
    filter: Omit<DeadLetterFilter, 'services'> & {
      offset?: number;
      limit?: number;
      order?: 'asc' | 'desc';
    },
    credentials: Caller,
  ): Promise<DeadLetterList>;
  /** Distinct error texts with counts over the services the caller may read. */
  errors(
    filter: Omit<DeadLetterFilter, 'services' | 'q' | 'error'>,
    credentials: Caller,
  ): Promise<ErrorCountList>;
  get(id: string, credentials: Caller): Promise<DeadLetter>;
  /** By message id or correlation id, over every service the caller may read. */
  lookup(id: string, credentials: Caller): Promise<LookupResult>;
  delete(
    ids: string[],
    credentials: Caller,
    request?: Request,
  ): Promise<DeleteResponse>;
  redeliver(
    ids: string[],
    credentials: Caller,
    request?: Request,
  ): Promise<RedeliverResponse>;
  /** Starts a delete or redelivery by filter; its progress is read with getBulk. */
  startBulk(request: BulkRequest, credentials: Caller): Promise<BulkJob>;
  getBulk(id: string, credentials: Caller): Promise<BulkJob>;
  /** Dead letters per day per service over the last days. */
  trends(
    environment: string | undefined,
    days: number,
    credentials: Caller,
  ): Promise<Trends>;
  serviceOverview(
    environment: string,
    credentials: Caller,
  ): Promise<ServiceOverview>;
  squadOverview(
    environment: string,
    credentials: Caller,
  ): Promise<SquadOverview>;
  listAudit(
    options: { service?: string; limit?: number },
    credentials: Caller,
  ): Promise<AuditList>;
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AccessHistoryEntry,
  AccessLevel,
  AccessMode,
  AccessRequest,
  AuditEntry,
  CreateAccessRequest,
  Credentials,
  Environment,
} from './schema/openapi';

/** Request states as stored; `granting` is shown as pending. */
export type StoredStatus =
  | 'pending'
  | 'granting'
  | 'active'
  | 'rejected'
  | 'expired'
  | 'revoked'
  | 'ended'
  | 'failed';

export type GrantState =
  | 'granting'
  | 'active'
  | 'revoking'
  | 'ended'
  | 'failed';

export interface StoredRequest {
  id: string;
  databaseRef: string;
  databaseName: string;
  ownerRef: string | null;
  environment: string;
  level: AccessLevel;
  reason: string;
  durationMinutes: number;
  requester: string;
  status: StoredStatus;
  approvalsRequired: number;
  decidedBy: string | null;
  decisionReason: string | null;
  error: string | null;
  createdAt: Date;
  approveBy: Date;
}

export interface StoredApproval {
  requestId: string;
  approver: string;
  comment: string | null;
  at: Date;
}

export interface StoredGrant {
  requestId: string;
  environment: string;
  databaseName: string;
  level: AccessLevel;
  roleName: string;
  mode: AccessMode;
  state: GrantState;
  validFrom: Date;
  validUntil: Date;
  credentialsIssued: boolean;
  commitSha: string | null;
  endedAt: Date | null;
  endedBy: string | null;
  endReason: string | null;
  /** Token of the caller that is granting or revoking it (read-only). */
  claim?: string | null;
}

export interface AuditRecord {
  actor: string;
  action: string;
  requestId?: string | null;
  databaseRef?: string | null;
  environment?: string | null;
  level?: string | null;
  reason?: string | null;
  detail?: string | null;
}

export interface AuditFilter {
  database?: string;
  environment?: string;
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

export interface HistoryFilter {
  database?: string;
  environment?: string;
  user?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

export interface RequestFilter {
  requester?: string;
  ownerRefs?: string[];
  statuses?: StoredStatus[];
  database?: string;
  environment?: string;
  limit: number;
}

/** What a granter needs to create or remove one grant. */
export interface GrantSpec {
  requestId: string;
  roleName: string;
  databaseName: string;
  level: AccessLevel;
  validFrom: Date;
  validUntil: Date;
  requester: string;
  reason: string;
}

/**
 * Makes grants real in one environment: a role on the server (direct) or a
 * PostgreSQLUser resource in git (gitops).
 */
export interface Granter {
  readonly mode: AccessMode;
  /** Creates the access; on failure leaves nothing behind (or throws). */
  grant(spec: GrantSpec): Promise<{ commit?: string }>;
  /** Removes the access; succeeds when it is already gone. */
  revoke(spec: GrantSpec): Promise<{ commit?: string }>;
  /** Sets a new password on the role (direct mode). */
  setPassword(roleName: string, password: string): Promise<void>;
  /** Roles on the server whose names start with the prefix (direct mode). */
  listRoles(prefix: string): Promise<string[]>;
  /** Drops a role that no grant backs (reconciler; direct mode). */
  dropRole(roleName: string): Promise<void>;
  /** Null when the target answers, else why not. */
  check(): Promise<string | null>;
  close(): Promise<void>;
}

export interface NewRequest {
  database: string;
  environment: string;
  level: AccessLevel;
  reason: string;
  durationMinutes: number;
}

/** The plugin's operations, for the router. */
export interface DatabaseAccessService {
  listEnvironments(): Promise<{ items: Environment[] }>;
  create(
    body: CreateAccessRequest,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest>;
  list(
    query: {
      view: 'mine' | 'awaiting-me' | 'all';
      database?: string;
      environment?: string;
      status?: string;
      limit?: number;
    },
    credentials: BackstageCredentials,
  ): Promise<{ items: AccessRequest[] }>;
  get(id: string, credentials: BackstageCredentials): Promise<AccessRequest>;
  approve(
    id: string,
    comment: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest>;
  reject(
    id: string,
    reason: string,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest>;
  revoke(
    id: string,
    reason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest>;
  issueCredentials(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Credentials>;
  audit(
    filter: Omit<AuditFilter, 'limit'> & { limit?: number },
    credentials: BackstageCredentials,
  ): Promise<AuditEntry[]>;
  history(
    filter: Omit<HistoryFilter, 'limit'> & { limit?: number },
    credentials: BackstageCredentials,
  ): Promise<AccessHistoryEntry[]>;
}

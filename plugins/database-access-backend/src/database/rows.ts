import { AccessLevel, AccessMode, AuditEntry } from '../schema/openapi';
import {
  GrantState,
  StoredApproval,
  StoredGrant,
  StoredRequest,
  StoredStatus,
} from '../types';

export const REQUESTS = 'database_access_requests';
export const APPROVALS = 'database_access_approvals';
export const GRANTS = 'database_access_grants';
export const AUDIT = 'database_access_audit';

/** SQLite stores timestamps as epoch milliseconds, PostgreSQL as timestamptz. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  const text = String(value);
  return /^\d+$/.test(text) ? new Date(Number(text)) : new Date(text);
}

function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

export function requestFromRow(row: any): StoredRequest {
  return {
    id: row.id,
    databaseRef: row.database_ref,
    databaseName: row.database_name,
    ownerRef: row.owner_ref ?? null,
    environment: row.environment,
    level: row.level as AccessLevel,
    reason: row.reason,
    durationMinutes: Number(row.duration_minutes),
    requester: row.requester,
    status: row.status as StoredStatus,
    approvalsRequired: Number(row.approvals_required),
    decidedBy: row.decided_by ?? null,
    decisionReason: row.decision_reason ?? null,
    error: row.error ?? null,
    createdAt: toDate(row.created_at),
    approveBy: toDate(row.approve_by),
  };
}

export function requestToRow(request: StoredRequest) {
  return {
    id: request.id,
    database_ref: request.databaseRef,
    database_name: request.databaseName,
    owner_ref: request.ownerRef,
    environment: request.environment,
    level: request.level,
    reason: request.reason,
    duration_minutes: request.durationMinutes,
    requester: request.requester,
    status: request.status,
    approvals_required: request.approvalsRequired,
    decided_by: request.decidedBy,
    decision_reason: request.decisionReason,
    error: request.error,
    created_at: request.createdAt,
    approve_by: request.approveBy,
    updated_at: request.createdAt,
  };
}

export function approvalFromRow(row: any): StoredApproval {
  return {
    requestId: row.request_id,
    approver: row.approver,
    comment: row.comment ?? null,
    at: toDate(row.at),
  };
}

export function grantFromRow(row: any): StoredGrant {
  return {
    requestId: row.request_id,
    environment: row.environment,
    databaseName: row.database_name,
    level: row.level as AccessLevel,
    roleName: row.role_name,
    mode: row.mode as AccessMode,
    state: row.state as GrantState,
    validFrom: toDate(row.valid_from),
    validUntil: toDate(row.valid_until),
    credentialsIssued: Boolean(row.credentials_issued),
    commitSha: row.commit_sha ?? null,
    endedAt: toDateOrNull(row.ended_at),
    endedBy: row.ended_by ?? null,
    endReason: row.end_reason ?? null,
    claim: row.claim ?? null,
  };
}

export function grantToRow(grant: StoredGrant) {
  return {
    request_id: grant.requestId,
    environment: grant.environment,
    database_name: grant.databaseName,
    level: grant.level,
    role_name: grant.roleName,
    mode: grant.mode,
    state: grant.state,
    valid_from: grant.validFrom,
    valid_until: grant.validUntil,
    credentials_issued: grant.credentialsIssued,
    commit_sha: grant.commitSha,
    ended_at: grant.endedAt,
    ended_by: grant.endedBy,
    end_reason: grant.endReason,
  };
}

export function auditFromRow(row: any): AuditEntry {
  return {
    id: String(row.id),
    at: toDate(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    requestId: row.request_id ?? null,
    database: row.database_ref ?? null,
    environment: row.environment ?? null,
    level: row.level ?? null,
    reason: row.reason ?? null,
    detail: row.detail ?? null,
  };
}

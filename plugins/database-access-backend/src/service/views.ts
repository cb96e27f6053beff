import { AccessRequest } from '../schema/openapi';
import { StoredApproval, StoredGrant, StoredRequest } from '../types';

/** What the caller may do with one request, and why not. */
export interface CallerFlags {
  canApprove: boolean;
  canReject: boolean;
  canRevoke: boolean;
  cannotApproveReason: string | null;
}

/** The API shape of a stored request. */
export function toAccessRequest(
  request: StoredRequest,
  approvals: StoredApproval[],
  grant: StoredGrant | undefined,
  flags: CallerFlags,
): AccessRequest {
  return {
    id: request.id,
    database: request.databaseRef,
    databaseName: request.databaseName,
    owner: request.ownerRef,
    environment: request.environment,
    level: request.level,
    reason: request.reason,
    durationMinutes: request.durationMinutes,
    requester: request.requester,
    status: request.status === 'granting' ? 'pending' : request.status,
    createdAt: request.createdAt.toISOString(),
    approveBy: request.approveBy.toISOString(),
    approvals: approvals.map(a => ({
      by: a.approver,
      at: a.at.toISOString(),
      comment: a.comment,
    })),
    approvalsRequired: request.approvalsRequired,
    decidedBy: request.decidedBy,
    decisionReason: request.decisionReason,
    error: request.error,
    ...(grant && grant.state !== 'granting' && grant.state !== 'failed'
      ? {
          grant: {
            role: grant.roleName,
            mode: grant.mode,
            validFrom: grant.validFrom.toISOString(),
            validUntil: grant.validUntil.toISOString(),
            credentialsIssued: grant.credentialsIssued,
            commit: grant.commitSha,
            endedAt: grant.endedAt?.toISOString() ?? null,
            endedBy: grant.endedBy,
            endReason: grant.endReason,
          },
        }
      : {}),
    ...flags,
  };
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  databaseAccessGrantRevokePermission,
  databaseAccessRequestApprovePermission,
} from '@internal/backstage-plugin-database-access-common';
import { randomUUID } from 'node:crypto';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { StoredRequest } from '../types';
import { AuditTrail } from './AuditTrail';
import { CallerAccess } from './CallerAccess';
import { GrantLifecycle } from './GrantLifecycle';
import { Notifier } from './Notifier';

/** A claim on a grant being revoked early that is older than this is stale. */
const STALE_CLAIM_MS = 2 * 60_000;

const stateOf = (request: StoredRequest) =>
  request.status === 'granting' ? 'being granted' : request.status;

/** Approve, reject and revoke: who may, and what each does. */
export class Decisions {
  constructor(
    private readonly options: {
      store: DatabaseAccessStore;
      lifecycle: GrantLifecycle;
      access: CallerAccess;
      audit: AuditTrail;
      notifier: Notifier;
    },
  ) {}

  async load(id: string): Promise<StoredRequest> {
    const request = await this.options.store.getRequest(id);
    if (!request) {
      throw new NotFoundError(`No access request ${id}`);
    }
    return request;
  }

  /** The caller may decide: not the requester, a member of the owning squad. */
  private async assertApprover(
    request: StoredRequest,
    credentials: BackstageCredentials,
    action: 'approve' | 'reject',
  ): Promise<string> {
    const { access, audit } = this.options;
    const caller = await access.identities(credentials);
    if (caller.is(request.requester)) {
      return audit.refuse(
        caller.me,
        `${action}-refused`,
        new NotAllowedError(
          'You asked for this access yourself; another member of the owning squad must decide on it',
        ),
        request,
      );
    }
    const allowed = await access.allowedOn(
      credentials,
      databaseAccessRequestApprovePermission,
      [request.databaseRef],
    );
    if (!allowed.has(request.databaseRef)) {
      return audit.refuse(
        caller.me,
        `${action}-refused`,
        new NotAllowedError(
          `Only members of ${
            request.ownerRef ?? 'the owning squad'
          } (the owner of ${request.databaseRef}) may ${action} this request`,
        ),
        request,
      );
    }
    return caller.me;
  }

  private async assertPending(
    request: StoredRequest,
    actor: string,
    action: 'approve' | 'reject',
  ) {
    if (request.status !== 'pending') {
      await this.options.audit.refuse(
        actor,
        `${action}-refused`,
        new ConflictError(
          `This request is already ${stateOf(request)}${
            request.decidedBy ? ` (by ${request.decidedBy})` : ''
          }; it cannot be ${action}d again`,
        ),
        request,
      );
    }
  }

  async approve(
    id: string,
    comment: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const { store, audit, lifecycle, notifier } = this.options;
    const request = await this.load(id);
    const me = await this.assertApprover(request, credentials, 'approve');
    await this.assertPending(request, me, 'approve');
    const note = comment?.trim() || null;
    if (
      !(await store.addApproval({
        requestId: id,
        approver: me,
        comment: note,
        at: new Date(),
      }))
    ) {
      await audit.refuse(
        me,
        'approve-refused',
        new ConflictError(
          'You have already approved this request; a second approval must come from someone else',
        ),
        request,
      );
    }
    const approvals = (await store.approvals([id])).get(id) ?? [];
    await audit.record({
      actor: me,
      action: 'approved',
      requestId: id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      reason: note,
      detail: `approval ${approvals.length} of ${request.approvalsRequired}`,
    });
    if (approvals.length >= request.approvalsRequired) {
      // Only one approver's grant() wins the pending -> granting claim.
      await lifecycle.grant(request, me);
    } else {
      await notifier.toRequester(
        request,
        'approved once',
        `${me} approved; one more member of ${request.ownerRef} must approve.`,
      );
    }
  }

  async reject(
    id: string,
    reason: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const { store, audit, notifier } = this.options;
    const request = await this.load(id);
    const me = await this.assertApprover(request, credentials, 'reject');
    await this.assertPending(request, me, 'reject');
    const moved = await store.transition(id, ['pending'], 'rejected', {
      decidedBy: me,
      decisionReason: reason,
    });
    if (!moved) {
      await audit.refuse(
        me,
        'reject-refused',
        new ConflictError('This request was decided on meanwhile'),
        request,
      );
    }
    await audit.record({
      actor: me,
      action: 'rejected',
      requestId: id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      reason,
    });
    await notifier.toRequester(request, `rejected by ${me}`, reason);
  }

  /**
   * Ends an active grant early (the requester, or the owning squad), or
   * withdraws a pending request (the requester).
   */
  async revoke(
    id: string,
    reason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const { store, audit, access } = this.options;
    const request = await this.load(id);
    const caller = await access.identities(credentials);
    const mine = caller.is(request.requester);
    const why =
      reason?.trim() ||
      (mine ? 'no longer needed' : 'revoked by the owning squad');
    if (request.status === 'pending' && mine) {
      const withdrawn = await store.transition(id, ['pending'], 'revoked', {
        decidedBy: caller.me,
        decisionReason: why,
      });
      if (withdrawn) {
        await audit.record({
          actor: caller.me,
          action: 'withdrawn',
          requestId: id,
          databaseRef: request.databaseRef,
          environment: request.environment,
          level: request.level,
          reason: why,
        });
        return;
      }
    }
    if (!mine) {
      const allowed = await access.allowedOn(
        credentials,
        databaseAccessGrantRevokePermission,
        [request.databaseRef],
      );
      if (!allowed.has(request.databaseRef)) {
        await audit.refuse(
          caller.me,
          'revoke-refused',
          new NotAllowedError(
            `Only the requester or members of ${
              request.ownerRef ?? 'the owning squad'
            } may revoke this access`,
          ),
          request,
        );
      }
    }
    await this.revokeActive(id, caller.me, why);
  }

  private async revokeActive(id: string, actor: string, why: string) {
    const { store, audit, lifecycle } = this.options;
    const request = await this.load(id);
    if (request.status !== 'active') {
      await audit.refuse(
        actor,
        'revoke-refused',
        new ConflictError(
          `This access is ${stateOf(request)}; there is nothing to revoke`,
        ),
        request,
      );
    }
    const grant = await store.claimOne(
      id,
      `revoke-${randomUUID()}`,
      new Date(Date.now() - STALE_CLAIM_MS),
    );
    if (!grant) {
      await audit.refuse(
        actor,
        'revoke-refused',
        new ConflictError('This access is already being revoked'),
        request,
      );
      return;
    }
    await lifecycle.revoke(request, grant, actor, why);
  }
}

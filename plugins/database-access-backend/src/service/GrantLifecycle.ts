import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { DatabaseAccessSettings } from '../config';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { isUnreachable } from '../granter/sql';
import { Granter, GrantSpec, StoredGrant, StoredRequest } from '../types';
import { AuditTrail } from './AuditTrail';
import { Notifier } from './Notifier';

/** A claim older than this belongs to a replica that died. */
const STALE_CLAIM_MS = 2 * 60_000;
/** A grant still `granting` after this was cut off by a crash. */
const STUCK_GRANT_MS = 10 * 60_000;
const REVOKE_CONCURRENCY = 8;
const SYSTEM = 'system';

function auditOf(request: StoredRequest) {
  return {
    requestId: request.id,
    databaseRef: request.databaseRef,
    environment: request.environment,
    level: request.level,
  };
}

async function inParallel<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await fn(item);
      }
    },
  );
  await Promise.all(workers);
}

/**
 * Makes grants real and takes them away: granting once per request,
 * revoking on time (scheduled, claimed so replicas split the work and never
 * both revoke a grant), expiring unapproved requests and dropping roles
 * that no grant backs.
 */
export class GrantLifecycle {
  constructor(
    private readonly options: {
      settings: DatabaseAccessSettings;
      store: DatabaseAccessStore;
      granters: Map<string, Granter>;
      audit: AuditTrail;
      notifier: Notifier;
      logger: LoggerService;
    },
  ) {}

  granter(environment: string): Granter | undefined {
    return this.options.granters.get(environment);
  }

  roleNameFor(requestId: string): string {
    return `${this.options.settings.rolePrefix}${requestId
      .replace(/-/g, '')
      .slice(0, 16)}`;
  }

  private spec(request: StoredRequest, grant: StoredGrant): GrantSpec {
    return {
      requestId: request.id,
      roleName: grant.roleName,
      databaseName: grant.databaseName,
      level: grant.level,
      validFrom: grant.validFrom,
      validUntil: grant.validUntil,
      requester: request.requester,
      reason: request.reason,
    };
  }

  /**
   * Grants an approved request. Only the caller that moves the request from
   * pending to granting does anything, so concurrent approvals grant once.
   * Returns false when another caller got there first.
   */
  async grant(request: StoredRequest, approver: string): Promise<boolean> {
    const { store, audit, notifier } = this.options;
    if (!(await store.transition(request.id, ['pending'], 'granting'))) {
      return false;
    }
    const granter = this.granter(request.environment);
    const now = new Date();
    const grant: StoredGrant = {
      requestId: request.id,
      environment: request.environment,
      databaseName: request.databaseName,
      level: request.level,
      roleName: this.roleNameFor(request.id),
      mode: granter?.mode ?? 'direct',
      state: 'granting',
      validFrom: now,
      validUntil: new Date(now.getTime() + request.durationMinutes * 60_000),
      credentialsIssued: false,
      commitSha: null,
      endedAt: null,
      endedBy: null,
      endReason: null,
    };
    // Recorded before the role exists: a crash now leaves a `granting` row
    // the reconciler settles, never a role nobody knows about.
    await store.insertGrant(grant, randomUUID());
    try {
      if (!granter) {
        throw new Error(
          `Environment ${request.environment} is not configured any more`,
        );
      }
      const { commit } = await granter.grant(this.spec(request, grant));
      await store.updateGrant(
        request.id,
        ['granting'],
        { state: 'active', commitSha: commit ?? null },
        null,
      );
      await store.transition(request.id, ['granting'], 'active', {
        decidedBy: approver,
      });
    } catch (error) {
      await this.grantFailed(request, approver, error);
    }
    await audit.record({
      ...auditOf(request),
      actor: approver,
      action: 'granted',
      reason: request.reason,
      detail: `${grant.mode} role ${
        grant.roleName
      } until ${grant.validUntil.toISOString()}`,
    });
    await notifier.toRequester(
      request,
      'granted',
      `Valid until ${grant.validUntil.toISOString()}. Open the request to get your password (shown once).`,
    );
    return true;
  }

  private async grantFailed(
    request: StoredRequest,
    approver: string,
    error: unknown,
  ): Promise<never> {
    const { store, audit, notifier } = this.options;
    const message = (error as Error)?.message ?? String(error);
    if (isUnreachable(error)) {
      // Nothing was made: undo this approval so it can simply be tried again.
      await store.deleteGrant(request.id);
      await store.removeApproval(request.id, approver);
      await store.transition(request.id, ['granting'], 'pending');
      await audit.record({
        ...auditOf(request),
        actor: approver,
        action: 'grant-failed',
        detail: `server unreachable, request left pending: ${message}`,
      });
      throw new ServiceUnavailableError(
        `Could not grant: the ${request.environment} server is not reachable (${message}). Nothing was created; the request is still pending, approve again when the server is back.`,
      );
    }
    await store.updateGrant(
      request.id,
      ['granting'],
      { state: 'failed' },
      null,
    );
    await store.transition(request.id, ['granting'], 'failed', {
      decidedBy: approver,
      error: message,
    });
    await audit.record({
      ...auditOf(request),
      actor: approver,
      action: 'grant-failed',
      detail: message,
    });
    await notifier.toRequester(request, 'granting failed', message);
    throw error;
  }

  /**
   * Revokes one claimed grant and records how it ended. `endedBy` is a user
   * for an early revoke, `system` when it expired.
   */
  async revoke(
    request: StoredRequest,
    grant: StoredGrant,
    endedBy: string,
    reason: string,
  ): Promise<boolean> {
    const { store, audit, notifier, logger } = this.options;
    const early = endedBy !== SYSTEM;
    try {
      const granter = this.granter(grant.environment);
      if (!granter) {
        throw new Error(`Environment ${grant.environment} is not configured`);
      }
      const { commit } = await granter.revoke(this.spec(request, grant));
      // Only the holder of the claim records the end: a replica whose claim
      // went stale (and was taken over) dropped an already dropped role and
      // must not end, audit or notify a second time.
      const ended = await store.updateGrant(
        grant.requestId,
        ['revoking'],
        {
          state: 'ended',
          endedAt: new Date(),
          endedBy,
          endReason: reason,
          ...(commit ? { commitSha: commit } : {}),
        },
        null,
        grant.claim ?? undefined,
      );
      if (!ended) {
        logger.warn(
          `Revoke of ${grant.roleName} was taken over by another replica; it records the end`,
        );
        return false;
      }
      await store.transition(
        request.id,
        ['active'],
        early ? 'revoked' : 'ended',
        early ? { decidedBy: endedBy, decisionReason: reason } : {},
      );
    } catch (error) {
      // Let the next run (on any replica) try again.
      await store.updateGrant(
        grant.requestId,
        ['revoking'],
        {},
        null,
        grant.claim ?? undefined,
      );
      logger.error(`Could not revoke ${grant.roleName}: ${error}`);
      await audit.record({
        ...auditOf(request),
        actor: endedBy,
        action: 'revoke-failed',
        reason,
        detail: `${grant.roleName}: ${(error as Error)?.message ?? error}`,
      });
      if (early) {
        throw error;
      }
      return false;
    }
    await audit.record({
      ...auditOf(request),
      actor: endedBy,
      action: early ? 'revoked' : 'expired',
      reason,
      detail: `role ${grant.roleName} dropped`,
    });
    await notifier.toRequester(request, early ? 'revoked' : 'ended', reason);
    return true;
  }

  /** Revokes every grant past its end that this replica can claim. */
  async revokeDue(now = new Date()): Promise<number> {
    const token = randomUUID();
    let revoked = 0;
    for (;;) {
      const done = await this.revokeBatch(now, token);
      revoked += done;
      if (done === 0) {
        return revoked;
      }
    }
  }

  /** Claims up to 500 due grants and revokes them; how many ended. */
  private async revokeBatch(now: Date, token: string): Promise<number> {
    const { store } = this.options;
    const grants = await store.claimDue(
      now,
      token,
      new Date(now.getTime() - STALE_CLAIM_MS),
      500,
    );
    let revoked = 0;
    await inParallel(grants, REVOKE_CONCURRENCY, async grant => {
      const request = await store.getRequest(grant.requestId);
      if (
        request &&
        (await this.revoke(request, grant, SYSTEM, 'the granted time ended'))
      ) {
        revoked++;
      }
    });
    return revoked;
  }

  /** Pending requests nobody approved in time. */
  async expireOverdue(now = new Date()): Promise<number> {
    const { store, audit, notifier } = this.options;
    let expired = 0;
    for (const request of await store.overdueRequests(now)) {
      if (await store.transition(request.id, ['pending'], 'expired')) {
        expired++;
        await audit.record({
          ...auditOf(request),
          actor: SYSTEM,
          action: 'request-expired',
          detail: `not approved by ${request.approveBy.toISOString()}`,
        });
        await notifier.toRequester(
          request,
          'expired',
          'Nobody approved it in time; ask again if you still need it.',
        );
      }
    }
    return expired;
  }

  /**
   * Drops roles with the plugin's prefix that no grant backs (a crash
   * between "role created" and "grant recorded", a failed clean-up), and
   * settles grants cut off while being made.
   */
  async reconcile(now = new Date()): Promise<string[]> {
    const { store, audit, settings } = this.options;
    for (const grant of await store.stuckGrants(
      new Date(now.getTime() - STUCK_GRANT_MS),
    )) {
      if (
        await store.updateGrant(
          grant.requestId,
          ['granting'],
          { state: 'failed' },
          null,
        )
      ) {
        await store.transition(grant.requestId, ['granting'], 'failed', {
          error: 'Granting was interrupted (the backend stopped); ask again.',
        });
      }
    }
    const dropped: string[] = [];
    for (const [environment, granter] of this.options.granters) {
      if (granter.mode !== 'direct') continue;
      let roles: string[];
      try {
        roles = await granter.listRoles(settings.rolePrefix);
      } catch (error) {
        this.options.logger.warn(
          `Cannot reconcile roles in ${environment}: ${error}`,
        );
        continue;
      }
      // Read after listing: a role made since was recorded before it was made.
      const backed = await store.backedRoles();
      for (const role of roles.filter(r => !backed.has(r))) {
        try {
          await granter.dropRole(role);
          dropped.push(role);
          await audit.record({
            actor: SYSTEM,
            action: 'role-reconciled',
            environment,
            detail: `dropped role ${role}: no active grant stands behind it`,
          });
        } catch (error) {
          await audit.record({
            actor: SYSTEM,
            action: 'reconcile-failed',
            environment,
            detail: `${role}: ${(error as Error)?.message ?? error}`,
          });
        }
      }
    }
    return dropped;
  }
}

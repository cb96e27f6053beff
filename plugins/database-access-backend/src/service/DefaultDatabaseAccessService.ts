import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  databaseAccessAuditReadPermission,
  databaseAccessGrantRevokePermission,
  databaseAccessRequestApprovePermission,
  databaseAccessRequestCreatePermission,
} from '@internal/backstage-plugin-database-access-common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DatabaseAccessSettings, EnvironmentSettings } from '../config';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import {
  AccessRequest,
  CreateAccessRequest,
  Credentials,
  Environment,
} from '../schema/openapi';
import { DatabaseAccessService, StoredRequest, StoredStatus } from '../types';
import { AuditTrail } from './AuditTrail';
import { DatabaseCatalog } from './DatabaseCatalog';
import { GrantLifecycle } from './GrantLifecycle';
import { Notifier } from './Notifier';
import { CallerFlags, toAccessRequest } from './views';

const MIN_REASON = 10;
const DEFAULT_LIMIT = 500;
const CHECK_CACHE_MS = 10_000;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function userRefOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError('Only signed-in users may do this');
  }
  return principal.userEntityRef;
}

/** The rules of requesting, approving, revoking and reading the trail. */
export class DefaultDatabaseAccessService implements DatabaseAccessService {
  private readonly checks = new Map<
    string,
    { at: number; error: Promise<string | null> }
  >();

  constructor(
    private readonly options: {
      settings: DatabaseAccessSettings;
      store: DatabaseAccessStore;
      lifecycle: GrantLifecycle;
      catalog: DatabaseCatalog;
      permissions: PermissionsService;
      userInfo: UserInfoService;
      audit: AuditTrail;
      notifier: Notifier;
      logger: LoggerService;
    },
  ) {}

  private environment(name: string): EnvironmentSettings {
    const env = this.options.settings.environments.find(e => e.name === name);
    if (!env) {
      const known = this.options.settings.environments.map(e => e.name);
      throw new InputError(
        `Unknown environment "${name}"; configured: ${
          known.join(', ') || 'none'
        }`,
      );
    }
    return env;
  }

  private async allowed(
    credentials: BackstageCredentials,
    permission:
      | typeof databaseAccessRequestCreatePermission
      | typeof databaseAccessAuditReadPermission,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Which of the databases the caller may act on with a resource permission. */
  private async allowedOn(
    credentials: BackstageCredentials,
    permission:
      | typeof databaseAccessRequestApprovePermission
      | typeof databaseAccessGrantRevokePermission,
    databaseRefs: string[],
  ): Promise<Set<string>> {
    const refs = [...new Set(databaseRefs)];
    if (refs.length === 0) return new Set();
    const decisions = await this.options.permissions.authorize(
      refs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );
    return new Set(
      refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  /** The user refs the caller acts as (its token's and its sign-in's). */
  private async identities(credentials: BackstageCredentials) {
    const me = userRefOf(credentials);
    const info = await this.options.userInfo.getUserInfo(credentials);
    return {
      me,
      all: new Set(
        [me, info.userEntityRef, ...info.ownershipEntityRefs]
          .filter(ref => lower(ref).startsWith('user:'))
          .map(lower),
      ),
      ownership: info.ownershipEntityRefs,
    };
  }

  private async refuse(
    actor: string,
    action: string,
    error: Error,
    request?: Partial<StoredRequest>,
    reason?: string,
  ): Promise<never> {
    await this.options.audit.record({
      actor,
      action,
      requestId: request?.id ?? null,
      databaseRef: request?.databaseRef ?? null,
      environment: request?.environment ?? null,
      level: request?.level ?? null,
      reason: reason ?? null,
      detail: error.message,
    });
    throw error;
  }

  async listEnvironments(): Promise<{ items: Environment[] }> {
    const items = await Promise.all(
      this.options.settings.environments.map(async env => ({
        name: env.name,
        mode: env.mode,
        maxMinutes: env.maxMinutes,
        approvalsRequired: env.approvalsRequired,
        host: env.connectHost,
        port: env.connectPort,
        error: await this.check(env.name),
      })),
    );
    return { items };
  }

  private check(environment: string): Promise<string | null> {
    const cached = this.checks.get(environment);
    if (cached && Date.now() - cached.at < CHECK_CACHE_MS) {
      return cached.error;
    }
    const granter = this.options.lifecycle.granter(environment);
    const error = granter ? granter.check() : Promise.resolve('not configured');
    this.checks.set(environment, { at: Date.now(), error });
    return error;
  }

  async create(
    body: CreateAccessRequest,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    const me = userRefOf(credentials);
    const attempt = {
      databaseRef: body.database,
      environment: body.environment,
      level: body.level,
    };
    if (
      !(await this.allowed(credentials, databaseAccessRequestCreatePermission))
    ) {
      return this.refuse(
        me,
        'request-refused',
        new NotAllowedError('You may not request database access'),
        attempt,
        body.reason,
      );
    }
    let env: EnvironmentSettings;
    let database;
    try {
      env = this.environment(body.environment);
      if (body.reason.trim().length < MIN_REASON) {
        throw new InputError(
          `Give a reason of at least a sentence (${MIN_REASON} characters or more): it is kept in the audit trail`,
        );
      }
      const max = env.maxMinutes[body.level];
      if (
        !Number.isInteger(body.durationMinutes) ||
        body.durationMinutes < 1 ||
        body.durationMinutes > max
      ) {
        throw new InputError(
          `Duration ${body.durationMinutes} minutes is over the maximum for ${body.level} access in ${env.name}: at most ${max} minutes`,
        );
      }
      database = await this.options.catalog.resolve(body.database, credentials);
      if (!database.ownerRef) {
        throw new InputError(
          `${database.ref} has no owner in the catalog, so nobody can approve access to it; set spec.owner on the Resource first`,
        );
      }
    } catch (error) {
      return this.refuse(
        me,
        'request-refused',
        error as Error,
        attempt,
        body.reason,
      );
    }
    const now = new Date();
    const request: StoredRequest = {
      id: randomUUID(),
      databaseRef: database.ref,
      databaseName: database.databaseName,
      ownerRef: database.ownerRef,
      environment: env.name,
      level: body.level,
      reason: body.reason.trim(),
      durationMinutes: body.durationMinutes,
      requester: me,
      status: 'pending',
      approvalsRequired: env.approvalsRequired[body.level],
      decidedBy: null,
      decisionReason: null,
      error: null,
      createdAt: now,
      approveBy: new Date(
        now.getTime() + this.options.settings.approvalTimeoutMinutes * 60_000,
      ),
    };
    await this.options.store.insertRequest(request);
    await this.options.audit.record({
      actor: me,
      action: 'requested',
      requestId: request.id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      reason: request.reason,
      detail: `${request.durationMinutes} minutes, owner ${request.ownerRef}`,
    });
    await this.options.notifier.requested(request);
    return this.view(request, credentials);
  }

  async list(
    query: {
      view: 'mine' | 'awaiting-me' | 'all';
      database?: string;
      environment?: string;
      status?: string;
      limit?: number;
    },
    credentials: BackstageCredentials,
  ): Promise<{ items: AccessRequest[] }> {
    const { me, ownership } = await this.identities(credentials);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const statuses = query.status
      ? (query.status.split(',') as StoredStatus[])
      : undefined;
    let requests: StoredRequest[];
    if (query.view === 'awaiting-me') {
      requests = (
        await this.options.store.listRequests({
          ownerRefs: ownership,
          statuses: ['pending'],
          database: query.database,
          environment: query.environment,
          limit,
        })
      ).filter(r => lower(r.requester) !== lower(me));
    } else {
      requests = await this.options.store.listRequests({
        requester: query.view === 'all' ? undefined : me,
        statuses: statuses?.includes('pending')
          ? [...statuses, 'granting']
          : statuses,
        database: query.database,
        environment: query.environment,
        limit,
      });
    }
    const items = await this.views(requests, credentials);
    return {
      items:
        query.view === 'awaiting-me' ? items.filter(i => i.canApprove) : items,
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    return this.view(await this.load(id), credentials);
  }

  private async load(id: string): Promise<StoredRequest> {
    const request = await this.options.store.getRequest(id);
    if (!request) {
      throw new NotFoundError(`No access request ${id}`);
    }
    return request;
  }

  private async view(
    request: StoredRequest,
    credentials: BackstageCredentials,
  ) {
    const [item] = await this.views([request], credentials);
    return item;
  }

  private async views(
    requests: StoredRequest[],
    credentials: BackstageCredentials,
  ): Promise<AccessRequest[]> {
    const { store } = this.options;
    const ids = requests.map(r => r.id);
    const [approvals, grants, { me, all }] = await Promise.all([
      store.approvals(ids),
      store.grants(ids),
      this.identities(credentials),
    ]);
    const pending = requests.filter(r => r.status === 'pending');
    const active = requests.filter(r => r.status === 'active');
    const [mayApprove, mayRevoke] = await Promise.all([
      this.allowedOn(
        credentials,
        databaseAccessRequestApprovePermission,
        pending.map(r => r.databaseRef),
      ),
      this.allowedOn(
        credentials,
        databaseAccessGrantRevokePermission,
        active.map(r => r.databaseRef),
      ),
    ]);
    return requests.map(request => {
      const mine = all.has(lower(request.requester));
      const approvedByMe = (approvals.get(request.id) ?? []).some(
        a => lower(a.approver) === lower(me),
      );
      let cannot: string | null = null;
      if (request.status !== 'pending')
        cannot = `The request is ${
          request.status === 'granting' ? 'being granted' : request.status
        }`;
      else if (mine)
        cannot =
          'You asked for this access; another member of the owning squad must approve it';
      else if (approvedByMe)
        cannot =
          'You have already approved this request; it needs another approver';
      else if (!mayApprove.has(request.databaseRef))
        cannot = `Only members of ${
          request.ownerRef ?? 'the owning squad'
        } may approve`;
      const flags: CallerFlags = {
        canApprove: cannot === null,
        canReject:
          request.status === 'pending' &&
          !mine &&
          mayApprove.has(request.databaseRef),
        canRevoke:
          (request.status === 'active' &&
            (mine || mayRevoke.has(request.databaseRef))) ||
          (request.status === 'pending' && mine),
        cannotApproveReason: cannot,
      };
      return toAccessRequest(
        request,
        approvals.get(request.id) ?? [],
        grants.get(request.id),
        flags,
      );
    });
  }

  /** Checks that the caller may decide on the request (not theirs, owning squad). */
  private async assertApprover(
    request: StoredRequest,
    credentials: BackstageCredentials,
    action: string,
  ): Promise<string> {
    const { me, all } = await this.identities(credentials);
    if (all.has(lower(request.requester))) {
      return this.refuse(
        me,
        `${action}-refused`,
        new NotAllowedError(
          'You asked for this access yourself; another member of the owning squad must decide on it',
        ),
        request,
      );
    }
    const allowed = await this.allowedOn(
      credentials,
      databaseAccessRequestApprovePermission,
      [request.databaseRef],
    );
    if (!allowed.has(request.databaseRef)) {
      return this.refuse(
        me,
        `${action}-refused`,
        new NotAllowedError(
          `Only members of ${
            request.ownerRef ?? 'the owning squad'
          } (the owner of ${request.databaseRef}) may ${action} this request`,
        ),
        request,
      );
    }
    return me;
  }

  private async assertPending(
    request: StoredRequest,
    actor: string,
    action: string,
  ) {
    if (request.status !== 'pending') {
      const state =
        request.status === 'granting' ? 'being granted' : request.status;
      await this.refuse(
        actor,
        `${action}-refused`,
        new ConflictError(
          `This request is already ${state}${
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
  ): Promise<AccessRequest> {
    const request = await this.load(id);
    const me = await this.assertApprover(request, credentials, 'approve');
    await this.assertPending(request, me, 'approve');
    const added = await this.options.store.addApproval({
      requestId: id,
      approver: me,
      comment: comment?.trim() || null,
      at: new Date(),
    });
    if (!added) {
      await this.refuse(
        me,
        'approve-refused',
        new ConflictError(
          'You have already approved this request; a second approval must come from someone else',
        ),
        request,
      );
    }
    const approvals = (await this.options.store.approvals([id])).get(id) ?? [];
    await this.options.audit.record({
      actor: me,
      action: 'approved',
      requestId: id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      reason: comment?.trim() || null,
      detail: `approval ${approvals.length} of ${request.approvalsRequired}`,
    });
    if (approvals.length >= request.approvalsRequired) {
      await this.options.lifecycle.grant(request, me);
    } else {
      await this.options.notifier.toRequester(
        request,
        'approved once',
        `${me} approved; one more member of ${request.ownerRef} must approve.`,
      );
    }
    return this.get(id, credentials);
  }

  async reject(
    id: string,
    reason: string,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    const request = await this.load(id);
    const me = await this.assertApprover(request, credentials, 'reject');
    await this.assertPending(request, me, 'reject');
    if (
      !(await this.options.store.transition(id, ['pending'], 'rejected', {
        decidedBy: me,
        decisionReason: reason,
      }))
    ) {
      await this.refuse(
        me,
        'reject-refused',
        new ConflictError('This request was decided on meanwhile'),
        request,
      );
    }
    await this.options.audit.record({
      actor: me,
      action: 'rejected',
      requestId: id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      reason,
    });
    await this.options.notifier.toRequester(
      request,
      `rejected by ${me}`,
      reason,
    );
    return this.get(id, credentials);
  }

  async revoke(
    id: string,
    reason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    const request = await this.load(id);
    const { me, all } = await this.identities(credentials);
    const mine = all.has(lower(request.requester));
    const why =
      reason?.trim() ||
      (mine ? 'no longer needed' : 'revoked by the owning squad');
    if (request.status === 'pending' && mine) {
      if (
        await this.options.store.transition(id, ['pending'], 'revoked', {
          decidedBy: me,
          decisionReason: why,
        })
      ) {
        await this.options.audit.record({
          actor: me,
          action: 'withdrawn',
          requestId: id,
          databaseRef: request.databaseRef,
          environment: request.environment,
          level: request.level,
          reason: why,
        });
        return this.get(id, credentials);
      }
    }
    if (!mine) {
      const allowed = await this.allowedOn(
        credentials,
        databaseAccessGrantRevokePermission,
        [request.databaseRef],
      );
      if (!allowed.has(request.databaseRef)) {
        await this.refuse(
          me,
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
    const fresh = await this.load(id);
    if (fresh.status !== 'active') {
      await this.refuse(
        me,
        'revoke-refused',
        new ConflictError(
          `This access is ${fresh.status}; there is nothing to revoke`,
        ),
        fresh,
      );
    }
    const grant = await this.options.store.claimOne(
      id,
      `revoke-${randomUUID()}`,
      new Date(Date.now() - 120_000),
    );
    if (!grant) {
      await this.refuse(
        me,
        'revoke-refused',
        new ConflictError('This access is already being revoked'),
        fresh,
      );
    }
    await this.options.lifecycle.revoke(fresh, grant!, me, why);
    return this.get(id, credentials);
  }

  async issueCredentials(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Credentials> {
    const request = await this.load(id);
    const { me, all } = await this.identities(credentials);
    if (!all.has(lower(request.requester))) {
      await this.refuse(
        me,
        'credentials-refused',
        new NotAllowedError(
          'Only the requester may get the password of this access',
        ),
        request,
      );
    }
    const grant = await this.options.store.getGrant(id);
    if (request.status !== 'active' || !grant || grant.state !== 'active') {
      return this.refuse(
        me,
        'credentials-refused',
        new ConflictError(
          `This access is ${
            request.status === 'granting' ? 'being granted' : request.status
          }; there is no password to show`,
        ),
        request,
      );
    }
    if (grant.mode !== 'direct') {
      return this.refuse(
        me,
        'credentials-refused',
        new ConflictError(
          "In GitOps mode the cluster's postgresql-controller creates the login; sign in the way it documents (e.g. IAM)",
        ),
        request,
      );
    }
    if (!(await this.options.store.markCredentialsIssued(id))) {
      return this.refuse(
        me,
        'credentials-refused',
        new ConflictError(
          'The password was already shown once and is not stored; revoke this access and ask again if you lost it',
        ),
        request,
      );
    }
    const password = randomBytes(18)
      .toString('base64url')
      .replace(/[^A-Za-z0-9]/g, 'x');
    try {
      await this.options.lifecycle
        .granter(request.environment)!
        .setPassword(grant.roleName, password);
    } catch (error) {
      await this.options.store.unmarkCredentialsIssued(id);
      return this.refuse(me, 'credentials-failed', error as Error, request);
    }
    await this.options.audit.record({
      actor: me,
      action: 'credentials-issued',
      requestId: id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      detail: `password set on ${grant.roleName}`,
    });
    const env = this.environment(request.environment);
    return {
      username: grant.roleName,
      password,
      host: env.connectHost,
      port: env.connectPort,
      database: grant.databaseName,
      validUntil: grant.validUntil.toISOString(),
    };
  }

  async audit(
    filter: Parameters<DatabaseAccessService['audit']>[0],
    credentials: BackstageCredentials,
  ) {
    await this.assertAuditReader(credentials);
    return this.options.store.listAudit({
      ...filter,
      limit: filter.limit ?? DEFAULT_LIMIT,
    });
  }

  async history(
    filter: Parameters<DatabaseAccessService['history']>[0],
    credentials: BackstageCredentials,
  ) {
    await this.assertAuditReader(credentials);
    return this.options.store.history({
      ...filter,
      limit: filter.limit ?? DEFAULT_LIMIT,
    });
  }

  private async assertAuditReader(credentials: BackstageCredentials) {
    if (!(await this.allowed(credentials, databaseAccessAuditReadPermission))) {
      throw new NotAllowedError(
        'You may not read the database-access audit trail',
      );
    }
  }
}

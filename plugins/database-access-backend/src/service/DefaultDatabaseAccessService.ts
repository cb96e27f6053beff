import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  databaseAccessAuditReadPermission,
  databaseAccessRequestCreatePermission,
} from '@internal/backstage-plugin-database-access-common';
import { randomUUID } from 'node:crypto';
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
import { CallerAccess, lower, userRefOf } from './CallerAccess';
import { CredentialIssuer } from './CredentialIssuer';
import { CatalogDatabase, DatabaseCatalog } from './DatabaseCatalog';
import { Decisions } from './Decisions';
import { GrantLifecycle } from './GrantLifecycle';
import { Notifier } from './Notifier';
import { RequestViews } from './RequestViews';

const MIN_REASON = 10;
const DEFAULT_LIMIT = 500;
const CHECK_CACHE_MS = 10_000;

/**
 * The plugin's operations: requests and their checks here; approve, reject
 * and revoke in {@link Decisions}; the password in {@link CredentialIssuer}.
 */
export class DefaultDatabaseAccessService implements DatabaseAccessService {
  private readonly checks = new Map<
    string,
    { at: number; error: Promise<string | null> }
  >();
  private readonly access: CallerAccess;
  private readonly views: RequestViews;
  private readonly decisions: Decisions;
  private readonly issuer: CredentialIssuer;

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
  ) {
    const { store, lifecycle, audit, notifier, settings } = options;
    this.access = new CallerAccess(options);
    this.views = new RequestViews({ store, access: this.access });
    this.decisions = new Decisions({
      store,
      lifecycle,
      access: this.access,
      audit,
      notifier,
    });
    this.issuer = new CredentialIssuer({
      settings,
      store,
      lifecycle,
      access: this.access,
      audit,
    });
  }

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

  /** Whether the environment's server (or repository) answers, cached briefly. */
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

  /** The checks of a new request; throws the error to show. */
  private async validate(
    body: CreateAccessRequest,
    credentials: BackstageCredentials,
  ): Promise<{ env: EnvironmentSettings; database: CatalogDatabase }> {
    if (
      !(await this.access.allowed(
        credentials,
        databaseAccessRequestCreatePermission,
      ))
    ) {
      throw new NotAllowedError('You may not request database access');
    }
    const env = this.environment(body.environment);
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
    const database = await this.options.catalog.resolve(
      body.database,
      credentials,
    );
    if (!database.ownerRef) {
      throw new InputError(
        `${database.ref} has no owner in the catalog, so nobody can approve access to it; set spec.owner on the Resource first`,
      );
    }
    return { env, database };
  }

  async create(
    body: CreateAccessRequest,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    const { store, audit, notifier, settings } = this.options;
    const me = userRefOf(credentials);
    let checked: Awaited<ReturnType<DefaultDatabaseAccessService['validate']>>;
    try {
      checked = await this.validate(body, credentials);
    } catch (error) {
      return audit.refuse(
        me,
        'request-refused',
        error as Error,
        {
          databaseRef: body.database,
          environment: body.environment,
          level: body.level,
        },
        body.reason,
      );
    }
    const { env, database } = checked;
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
        now.getTime() + settings.approvalTimeoutMinutes * 60_000,
      ),
    };
    await store.insertRequest(request);
    await audit.record({
      actor: me,
      action: 'requested',
      requestId: request.id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      reason: request.reason,
      detail: `${request.durationMinutes} minutes, owner ${request.ownerRef}`,
    });
    await notifier.requested(request);
    return this.views.one(request, credentials);
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
    const { me, ownership } = await this.access.identities(credentials);
    const filter = {
      database: query.database,
      environment: query.environment,
      limit: query.limit ?? DEFAULT_LIMIT,
    };
    if (query.view === 'awaiting-me') {
      const requests = await this.options.store.listRequests({
        ...filter,
        ownerRefs: ownership,
        statuses: ['pending'],
      });
      const items = await this.views.many(
        requests.filter(r => lower(r.requester) !== lower(me)),
        credentials,
      );
      return { items: items.filter(i => i.canApprove) };
    }
    const statuses = query.status
      ? (query.status.split(',') as StoredStatus[])
      : undefined;
    const requests = await this.options.store.listRequests({
      ...filter,
      requester: query.view === 'all' ? undefined : me,
      // `granting` is shown as pending.
      statuses: statuses?.includes('pending')
        ? [...statuses, 'granting']
        : statuses,
    });
    return { items: await this.views.many(requests, credentials) };
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    return this.views.one(await this.decisions.load(id), credentials);
  }

  async approve(
    id: string,
    comment: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    await this.decisions.approve(id, comment, credentials);
    return this.get(id, credentials);
  }

  async reject(
    id: string,
    reason: string,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    await this.decisions.reject(id, reason, credentials);
    return this.get(id, credentials);
  }

  async revoke(
    id: string,
    reason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    await this.decisions.revoke(id, reason, credentials);
    return this.get(id, credentials);
  }

  async issueCredentials(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Credentials> {
    return this.issuer.issue(await this.decisions.load(id), credentials);
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
    if (
      !(await this.access.allowed(
        credentials,
        databaseAccessAuditReadPermission,
      ))
    ) {
      throw new NotAllowedError(
        'You may not read the database-access audit trail',
      );
    }
  }
}

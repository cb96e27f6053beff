import {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  BulkJob,
  BulkRequest,
  DeadLetter,
  deadLetterDeletePermission,
  DeadLetterList,
  deadLetterReadPermission,
  deadLetterRedeliverPermission,
  DeleteResponse,
  EnvironmentList,
  LookupResult,
  ErrorCountList,
  RedeliverResponse,
} from '@internal/backstage-plugin-dead-letter-common';
import type { Request } from 'express';
import { DeadLetterConfig } from '../config';
import {
  AuditAction,
  BulkJobStore,
  Caller,
  DeadLetterFilter,
  DeadLetterPublisher,
  DeadLetterService,
  DeadLetterStore,
  IngestStatus,
  StoredDeadLetterSummary,
} from '../types';
import { AuditTrail, outcomeOf } from './AuditTrail';
import { BulkActions } from './BulkActions';
import { Overviews } from './Overviews';
import { ServiceAccess } from './ServiceAccess';
import { actorOf, bodyText, toSummaryDto } from './dto';
import { Redeliverer } from './Redeliverer';
import { ServiceCatalog } from './ServiceCatalog';

export interface DefaultDeadLetterServiceOptions {
  config: DeadLetterConfig;
  store: DeadLetterStore;
  /** Progress of bulk actions by filter. */
  jobs: BulkJobStore;
  /** Redelivery per configured environment. */
  publishers: Map<string, DeadLetterPublisher>;
  /** What each configured environment's ingest is doing. */
  ingest?: Map<string, { status(): Promise<IngestStatus> }>;
  permissions: PermissionsService;
  auditor: AuditorService;
  serviceCatalog: ServiceCatalog;
  logger: LoggerService;
}

/**
 * The dead-letter use cases: every call checks the caller's permission on
 * the catalog entity of each service involved, and every delete and
 * redeliver is written to the auditor and to the store's audit table.
 */
export class DefaultDeadLetterService implements DeadLetterService {
  private readonly access: ServiceAccess;
  private readonly auditTrail: AuditTrail;
  private readonly redeliverer: Redeliverer;
  private readonly overviews: Overviews;
  private readonly bulk: BulkActions;

  constructor(private readonly options: DefaultDeadLetterServiceOptions) {
    this.access = new ServiceAccess(options);
    this.auditTrail = new AuditTrail(options);
    this.redeliverer = new Redeliverer(options);
    this.overviews = new Overviews({ ...options, access: this.access });
    this.bulk = new BulkActions({
      ...options,
      access: this.access,
      runners: {
        delete: async (messages, credentials) => {
          const { deleted } = await this.deleteMessages(messages, credentials);
          const gone = new Set(deleted);
          return messages.map(m => ({
            id: m.id,
            ok: gone.has(m.id),
            error: gone.has(m.id)
              ? undefined
              : 'no longer stored (deleted or redelivered meanwhile)',
          }));
        },
        redeliver: async (messages, credentials) => {
          const { results } = await this.redeliverMessages(
            messages,
            credentials,
          );
          return results.map(r => ({
            id: r.id,
            ok: r.status === 'redelivered',
            error: r.error ?? undefined,
          }));
        },
      },
    });
  }

  async listEnvironments(): Promise<EnvironmentList> {
    const { config, ingest } = this.options;
    const environments = await Promise.all(
      config.environments.map(async e => {
        const status = await ingest?.get(e.name)?.status();
        return {
          name: e.name,
          queues: e.queues.map(q => q.name),
          ingest: status && {
            state: status.state,
            since: status.since.toISOString(),
            lastError: status.lastError && {
              message: status.lastError.message,
              at: status.lastError.at.toISOString(),
            },
            storeError: status.storeError && {
              message: status.storeError.message,
              at: status.storeError.at.toISOString(),
            },
            queues: status.queues,
          },
        };
      }),
    );
    return {
      environments,
      logLinkTemplate: config.logLinkTemplate ?? null,
      ingest: config.environments.length > 0,
    };
  }

  async list(
    filter: Omit<DeadLetterFilter, 'services'> & {
      offset?: number;
      limit?: number;
      order?: 'asc' | 'desc';
    },
    credentials: Caller,
  ): Promise<DeadLetterList> {
    // Ranges are the API spec's to enforce (the validated router).
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? 50;
    const query = await this.readable(
      {
        environment: filter.environment,
        service: filter.service,
        queue: filter.queue,
        q: filter.q || undefined,
        error: filter.error,
        from: filter.from,
        to: filter.to,
      },
      credentials,
    );
    const { items, totalCount, newestId } = await this.options.store.list(
      query,
      {
        offset,
        limit,
        order: filter.order,
      },
    );
    return {
      items: items.map(toSummaryDto),
      totalCount,
      newestId,
      offset,
      limit,
    };
  }

  async errors(
    filter: Omit<DeadLetterFilter, 'services' | 'q' | 'error'>,
    credentials: Caller,
  ): Promise<ErrorCountList> {
    const query = await this.readable(filter, credentials);
    const items = await this.options.store.errorCounts(query, 50);
    return { items };
  }

  /**
   * The filter narrowed to what the caller may read: a named service must be
   * readable (else NotAllowedError), otherwise only readable services count.
   */
  private async readable(
    filter: Omit<DeadLetterFilter, 'services'>,
    credentials: Caller,
  ): Promise<DeadLetterFilter> {
    const query: DeadLetterFilter = {
      ...filter,
      environment: filter.environment || undefined,
      service: filter.service || undefined,
      queue: filter.queue || undefined,
    };
    if (query.service) {
      const allowed = await this.access.allowed(
        deadLetterReadPermission,
        [query.service],
        credentials,
      );
      if (!allowed.has(query.service)) {
        throw new NotAllowedError(
          `You may not read the dead letters of ${query.service}`,
        );
      }
      return query;
    }
    const services = (
      await this.options.store.serviceCounts(query.environment)
    ).map(c => c.service);
    const allowed = await this.access.allowed(
      deadLetterReadPermission,
      services,
      credentials,
    );
    if (allowed.size < new Set(services).size) {
      query.services = [...allowed];
    }
    return query;
  }

  async lookup(id: string, credentials: Caller): Promise<LookupResult> {
    const found = await this.options.store.lookup(id, 50);
    const allowed = await this.access.allowed(
      deadLetterReadPermission,
      found.map(m => m.service),
      credentials,
    );
    return {
      items: found.filter(m => allowed.has(m.service)).map(toSummaryDto),
    };
  }

  async get(id: string, credentials: Caller): Promise<DeadLetter> {
    const message = await this.options.store.get(id);
    if (!message) {
      throw new NotFoundError(`No dead letter with id ${id}`);
    }
    const allowed = await this.access.allowed(
      deadLetterReadPermission,
      [message.service],
      credentials,
    );
    if (!allowed.has(message.service)) {
      throw new NotAllowedError(
        `You may not read the dead letters of ${message.service}`,
      );
    }
    return {
      ...toSummaryDto(message),
      deadLetterQueue: message.deadLetterQueue,
      headers: message.headers,
      properties: message.properties,
      bodyBase64: message.body.toString('base64'),
      bodyText: bodyText(message.body),
    };
  }

  /**
   * Loads the messages and checks the permission for every service involved.
   * Unknown ids or any refusal change nothing.
   */
  private async prepare(
    action: AuditAction,
    ids: string[],
    credentials: Caller,
  ): Promise<StoredDeadLetterSummary[]> {
    const unique = [...new Set(ids)];
    const found = await this.options.store.getSummaries(unique);
    const foundIds = new Set(found.map(m => m.id));
    const unknown = unique.filter(id => !foundIds.has(id));
    if (unknown.length > 0) {
      throw new NotFoundError(
        `Unknown dead letter ids: ${unknown.slice(0, 20).join(', ')}${
          unknown.length > 20 ? ', ...' : ''
        }; nothing was changed`,
      );
    }
    const permission =
      action === 'delete'
        ? deadLetterDeletePermission
        : deadLetterRedeliverPermission;
    const allowed = await this.access.allowed(
      permission,
      found.map(m => m.service),
      credentials,
    );
    const denied = found.filter(m => !allowed.has(m.service));
    if (denied.length > 0) {
      await this.auditTrail.record(
        action,
        credentials,
        denied,
        'failed',
        () => ({
          reason: 'not allowed',
        }),
      );
      const services = [...new Set(denied.map(m => m.service))];
      throw new NotAllowedError(
        `You may not ${action} dead letters of ${services.join(
          ', ',
        )}; nothing was changed`,
      );
    }
    return found;
  }

  async delete(
    ids: string[],
    credentials: Caller,
    request?: Request,
  ): Promise<DeleteResponse> {
    const messages = await this.prepare('delete', ids, credentials);
    return this.deleteMessages(messages, credentials, request);
  }

  /** Deletes messages the caller may delete (checked before), audited. */
  private async deleteMessages(
    messages: StoredDeadLetterSummary[],
    credentials: Caller,
    request?: Request,
  ): Promise<DeleteResponse> {
    const event = await this.options.auditor.createEvent({
      eventId: 'dead-letter-delete',
      severityLevel: 'medium',
      request,
      meta: {
        actor: actorOf(credentials),
        ids: messages.map(m => m.id),
        environments: [...new Set(messages.map(m => m.environment))],
        services: [...new Set(messages.map(m => m.service))],
      },
    });
    let deleted: string[];
    try {
      deleted = await this.options.store.delete(messages.map(m => m.id));
    } catch (error) {
      await event.fail({ error: error as Error });
      await this.auditTrail.record(
        'delete',
        credentials,
        messages,
        'failed',
        () => ({
          error: String(error),
        }),
      );
      throw error;
    }
    const deletedSet = new Set(deleted);
    await this.auditTrail.record(
      'delete',
      credentials,
      messages,
      groupIds => outcomeOf(groupIds, id => deletedSet.has(id)),
      groupIds => ({ deleted: groupIds.filter(id => deletedSet.has(id)) }),
    );
    await event.success({ meta: { deleted } });
    return { deleted };
  }

  async redeliver(
    ids: string[],
    credentials: Caller,
    request?: Request,
  ): Promise<RedeliverResponse> {
    const summaries = await this.prepare('redeliver', ids, credentials);
    return this.redeliverMessages(summaries, credentials, request);
  }

  /** Redelivers messages the caller may redeliver (checked before), audited. */
  private async redeliverMessages(
    summaries: StoredDeadLetterSummary[],
    credentials: Caller,
    request?: Request,
  ): Promise<RedeliverResponse> {
    const actor = actorOf(credentials);
    const event = await this.options.auditor.createEvent({
      eventId: 'dead-letter-redeliver',
      severityLevel: 'medium',
      request,
      meta: {
        actor,
        ids: summaries.map(m => m.id),
        environments: [...new Set(summaries.map(m => m.environment))],
        services: [...new Set(summaries.map(m => m.service))],
      },
    });
    const results = await this.redeliverer.redeliver(summaries, actor);
    const ordered = summaries.map(m => results.get(m.id)!);
    const ok = (id: string) => results.get(id)?.status === 'redelivered';
    await this.auditTrail.record(
      'redeliver',
      credentials,
      summaries,
      groupIds => outcomeOf(groupIds, ok),
      groupIds => ({
        results: groupIds.map(id => ({ ...results.get(id)! })),
      }),
    );
    const failed = ordered.filter(r => r.status === 'failed');
    if (failed.length === ordered.length && failed.length > 0) {
      await event.fail({
        error: new Error(failed[0].error ?? 'redelivery failed'),
        meta: { results: ordered.map(r => ({ ...r })) },
      });
    } else {
      await event.success({ meta: { results: ordered.map(r => ({ ...r })) } });
    }
    return { results: ordered };
  }

  startBulk(request: BulkRequest, credentials: Caller): Promise<BulkJob> {
    return this.bulk.start(request, credentials);
  }

  getBulk(id: string, credentials: Caller): Promise<BulkJob> {
    return this.bulk.get(id, credentials);
  }

  /** Waits for the bulk actions this process runs. */
  drain(): Promise<void> {
    return this.bulk.drain();
  }

  trends(environment: string | undefined, days: number, credentials: Caller) {
    return this.overviews.trends(environment, days, credentials);
  }

  serviceOverview(environment: string, credentials: Caller) {
    return this.overviews.serviceOverview(environment, credentials);
  }

  squadOverview(environment: string, credentials: Caller) {
    return this.overviews.squadOverview(environment, credentials);
  }

  listAudit(
    options: { service?: string; limit?: number },
    credentials: Caller,
  ) {
    return this.overviews.listAudit(options, credentials);
  }
}

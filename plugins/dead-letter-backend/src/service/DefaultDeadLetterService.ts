import {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AuditList,
  DeadLetter,
  deadLetterDeletePermission,
  DeadLetterList,
  deadLetterReadPermission,
  deadLetterRedeliverPermission,
  DeadLetterSummary,
  DeleteResponse,
  EnvironmentList,
  RedeliverResponse,
  RedeliverResult,
  ServiceOverview,
  SquadCount,
  SquadOverview,
  UNOWNED,
} from '@internal/backstage-plugin-dead-letter-common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { DeadLetterConfig } from '../config';
import {
  AuditAction,
  AuditOutcome,
  AuditRecord,
  Caller,
  DeadLetterFilter,
  DeadLetterPublisher,
  DeadLetterService,
  DeadLetterStore,
  IngestStatus,
  StoredDeadLetter,
  StoredDeadLetterSummary,
} from '../types';
import { serviceFromQueue } from './message';
import { ServiceCatalog } from './ServiceCatalog';

export interface DefaultDeadLetterServiceOptions {
  config: DeadLetterConfig;
  store: DeadLetterStore;
  /** Redelivery per configured environment. */
  publishers: Map<string, DeadLetterPublisher>;
  /** What each configured environment's ingest is doing. */
  ingest?: Map<string, { status(): Promise<IngestStatus> }>;
  permissions: PermissionsService;
  auditor: AuditorService;
  serviceCatalog: ServiceCatalog;
  logger: LoggerService;
}

/** A claim older than this is taken to belong to a request that died. */
const STALE_CLAIM_MS = 5 * 60_000;

const REDELIVER_CHUNK = 50;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function actorOf(credentials: Caller): string {
  return credentials.principal.type === 'user'
    ? credentials.principal.userEntityRef
    : credentials.principal.subject;
}

function toSummaryDto(m: StoredDeadLetterSummary): DeadLetterSummary {
  return {
    id: m.id,
    environment: m.environment,
    service: m.service,
    queue: m.queue,
    exchange: m.exchange,
    routingKey: m.routingKey,
    messageId: m.messageId,
    correlationId: m.correlationId,
    error: m.error,
    receivedAt: m.receivedAt.toISOString(),
    bodySize: m.bodySize,
    bodyTruncated: m.bodyTruncated,
    redeliveredCount: m.redeliveredCount,
  };
}

function bodyText(body: Buffer): string | null {
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

function outcomeOf(
  ids: string[],
  succeeded: (id: string) => boolean,
): AuditOutcome {
  const count = ids.filter(succeeded).length;
  if (count === ids.length) {
    return 'succeeded';
  }
  return count > 0 ? 'partial' : 'failed';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/**
 * The dead-letter use cases: every call checks the caller's permission on
 * the catalog entity of each service involved, and every delete and
 * redeliver is written to the auditor and to the store's audit table.
 */
export class DefaultDeadLetterService implements DeadLetterService {
  constructor(private readonly options: DefaultDeadLetterServiceOptions) {}

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

  /** The subset of services the caller holds the permission for. */
  private async allowedServices(
    permission: ResourcePermission<'catalog-entity'>,
    services: string[],
    credentials: Caller,
  ): Promise<Set<string>> {
    const unique = [...new Set(services)];
    if (unique.length === 0) {
      return new Set();
    }
    const entities = await this.options.serviceCatalog.lookup(unique);
    const decisions = await this.options.permissions.authorize(
      unique.map(service => ({
        permission,
        resourceRef: entities.get(service)!.entityRef,
      })),
      { credentials },
    );
    return new Set(
      unique.filter((_s, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  async list(
    filter: Omit<DeadLetterFilter, 'services'> & {
      offset?: number;
      limit?: number;
    },
    credentials: Caller,
  ): Promise<DeadLetterList> {
    // Ranges are the API spec's to enforce (the validated router).
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? 50;
    const query: DeadLetterFilter = {
      environment: filter.environment || undefined,
      service: filter.service || undefined,
      queue: filter.queue || undefined,
      q: filter.q || undefined,
    };
    if (query.service) {
      const allowed = await this.allowedServices(
        deadLetterReadPermission,
        [query.service],
        credentials,
      );
      if (!allowed.has(query.service)) {
        throw new NotAllowedError(
          `You may not read the dead letters of ${query.service}`,
        );
      }
    } else {
      const services = (
        await this.options.store.serviceCounts(query.environment)
      ).map(c => c.service);
      const allowed = await this.allowedServices(
        deadLetterReadPermission,
        services,
        credentials,
      );
      if (allowed.size < new Set(services).size) {
        query.services = [...allowed];
      }
    }
    const { items, totalCount } = await this.options.store.list(query, {
      offset,
      limit,
    });
    return { items: items.map(toSummaryDto), totalCount, offset, limit };
  }

  async get(id: string, credentials: Caller): Promise<DeadLetter> {
    const message = await this.options.store.get(id);
    if (!message) {
      throw new NotFoundError(`No dead letter with id ${id}`);
    }
    const allowed = await this.allowedServices(
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
    const allowed = await this.allowedServices(
      permission,
      found.map(m => m.service),
      credentials,
    );
    const denied = found.filter(m => !allowed.has(m.service));
    if (denied.length > 0) {
      await this.audit(action, credentials, denied, 'failed', () => ({
        reason: 'not allowed',
      }));
      const services = [...new Set(denied.map(m => m.service))];
      throw new NotAllowedError(
        `You may not ${action} dead letters of ${services.join(
          ', ',
        )}; nothing was changed`,
      );
    }
    return found;
  }

  /** One audit row per environment and service, so each service's trail is complete. */
  private async audit(
    action: AuditAction,
    credentials: Caller,
    messages: StoredDeadLetterSummary[],
    outcome: AuditOutcome | ((ids: string[]) => AuditOutcome),
    details: (ids: string[]) => AuditRecord['details'],
  ) {
    const actor = actorOf(credentials);
    const now = new Date();
    const records: AuditRecord[] = [];
    for (const [, group] of groupBy(
      messages,
      m => `${m.environment}\u0000${m.service}`,
    )) {
      const ids = group.map(m => m.id);
      records.push({
        action,
        actor,
        environment: group[0].environment,
        service: group[0].service,
        messageIds: ids,
        outcome: typeof outcome === 'function' ? outcome(ids) : outcome,
        details: details(ids),
        createdAt: now,
      });
    }
    try {
      await this.options.store.addAudit(records);
    } catch (error) {
      // The action has happened; losing the row must not hide that.
      this.options.logger.error(`Could not write dead-letter audit: ${error}`);
    }
  }

  async delete(
    ids: string[],
    credentials: Caller,
    request?: Request,
  ): Promise<DeleteResponse> {
    const messages = await this.prepare('delete', ids, credentials);
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
      await this.audit('delete', credentials, messages, 'failed', () => ({
        error: String(error),
      }));
      throw error;
    }
    const deletedSet = new Set(deleted);
    await this.audit(
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
    const results = new Map<string, RedeliverResult>();
    const { store } = this.options;
    const token = randomUUID();
    for (let i = 0; i < summaries.length; i += REDELIVER_CHUNK) {
      const chunk = summaries.slice(i, i + REDELIVER_CHUNK).map(m => m.id);
      // Only the request that claims a message publishes it: the same id
      // redelivered by concurrent requests (or replicas) goes out once.
      const claimed = new Set(
        await store.claimRedelivery(
          chunk,
          token,
          new Date(Date.now() - STALE_CLAIM_MS),
        ),
      );
      const loaded = new Map<string, StoredDeadLetter>(
        (await store.getMany([...claimed])).map(m => [m.id, m]),
      );
      for (const id of chunk) {
        if (!claimed.has(id)) {
          results.set(id, {
            id,
            status: 'failed',
            error: 'already being redelivered by another request',
          });
          continue;
        }
        const result = await this.redeliverOne(loaded.get(id), id, actor);
        if (result.status !== 'redelivered') {
          await store.releaseRedelivery([id], token).catch(() => undefined);
        }
        results.set(id, result);
      }
    }
    const ordered = summaries.map(m => results.get(m.id)!);
    const ok = (id: string) => results.get(id)?.status === 'redelivered';
    await this.audit(
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

  private async redeliverOne(
    message: StoredDeadLetter | undefined,
    id: string,
    actor: string,
  ): Promise<RedeliverResult> {
    if (!message) {
      return { id, status: 'failed', error: 'message no longer stored' };
    }
    if (message.bodyTruncated) {
      return {
        id,
        status: 'failed',
        error: `the stored body was truncated (${message.bodySize} bytes originally); redelivering it would corrupt the message`,
      };
    }
    const refused = this.refusedTarget(message);
    if (refused) {
      return { id, status: 'failed', error: refused };
    }
    const publisher = this.options.publishers.get(message.environment);
    if (!publisher) {
      return {
        id,
        status: 'failed',
        error: `environment ${message.environment} is not configured`,
      };
    }
    try {
      await publisher.redeliver(message, actor);
    } catch (error) {
      return {
        id,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      };
    }
    try {
      // Only after the broker confirmed it.
      await this.options.store.delete([id]);
    } catch (error) {
      this.options.logger.error(
        `Redelivered dead letter ${id} but could not remove it: ${error}`,
      );
      return {
        id,
        status: 'redelivered',
        error: `redelivered, but it is still stored: ${error}`,
      };
    }
    return { id, status: 'redelivered' };
  }

  /**
   * The target queue comes from headers anyone who can publish may forge:
   * it must belong to the message's service (by the service rule), and
   * match the environment's permitted pattern when one is configured.
   */
  private refusedTarget(message: StoredDeadLetter): string | undefined {
    const { config } = this.options;
    const owner = serviceFromQueue(message.queue, config.serviceRule);
    if (owner !== message.service) {
      return `refused: queue ${message.queue} belongs to ${owner}, not to ${message.service}`;
    }
    const pattern = config.environments.find(
      e => e.name === message.environment,
    )?.redeliverQueuePattern;
    if (pattern && !pattern.test(message.queue)) {
      return `refused: queue ${message.queue} is not one that ${message.environment} permits redelivery to (${pattern.source})`;
    }
    return undefined;
  }

  async serviceOverview(
    environment: string,
    credentials: Caller,
  ): Promise<ServiceOverview> {
    const counts = await this.options.store.serviceCounts(environment);
    const allowed = await this.allowedServices(
      deadLetterReadPermission,
      counts.map(c => c.service),
      credentials,
    );
    return {
      environment,
      items: counts
        .filter(c => allowed.has(c.service))
        .map(c => ({
          service: c.service,
          count: c.count,
          lastReceivedAt: c.lastReceivedAt?.toISOString() ?? null,
        })),
    };
  }

  /** Owner entity ref per service, from the catalog; services not found are absent. */
  private async ownersOf(services: string[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    if (services.length === 0) {
      return owners;
    }
    for (const [service, { owner }] of await this.options.serviceCatalog.lookup(
      services,
    )) {
      if (owner) {
        owners.set(service, owner);
      }
    }
    return owners;
  }

  async squadOverview(
    environment: string,
    credentials: Caller,
  ): Promise<SquadOverview> {
    const { items } = await this.serviceOverview(environment, credentials);
    const owners = await this.ownersOf(items.map(i => i.service));
    const squads = new Map<string, SquadCount>();
    for (const item of items) {
      const squad = owners.get(item.service) ?? UNOWNED;
      const entry = squads.get(squad) ?? {
        squad,
        title: squad === UNOWNED ? UNOWNED : parseEntityRef(squad).name,
        count: 0,
        services: [],
      };
      entry.count += item.count;
      entry.services.push(item);
      squads.set(squad, entry);
    }
    return {
      environment,
      items: [...squads.values()].sort(
        (a, b) => b.count - a.count || a.title.localeCompare(b.title),
      ),
    };
  }

  async listAudit(
    options: { service?: string; limit?: number },
    credentials: Caller,
  ): Promise<AuditList> {
    const limit = options.limit ?? 50;
    const records = await this.options.store.listAudit({
      service: options.service || undefined,
      limit,
    });
    const allowed = await this.allowedServices(
      deadLetterReadPermission,
      records.map(r => r.service),
      credentials,
    );
    return {
      items: records
        .filter(r => allowed.has(r.service))
        .map(r => ({
          id: r.id,
          action: r.action,
          actor: r.actor,
          environment: r.environment,
          service: r.service,
          messageIds: r.messageIds,
          outcome: r.outcome,
          details: r.details,
          createdAt: r.createdAt.toISOString(),
        })),
    };
  }
}

import { parseEntityRef } from '@backstage/catalog-model';
import {
  AuditList,
  deadLetterReadPermission,
  ServiceOverview,
  SquadCount,
  SquadOverview,
  UNOWNED,
} from '@internal/backstage-plugin-dead-letter-common';
import { Caller, DeadLetterStore } from '../types';
import { ServiceAccess } from './ServiceAccess';
import { ServiceCatalog } from './ServiceCatalog';

/** Counts per service and per owning squad, and the audit trail, as the caller may read them. */
export class Overviews {
  constructor(
    private readonly options: {
      store: DeadLetterStore;
      serviceCatalog: ServiceCatalog;
      access: ServiceAccess;
    },
  ) {}

  async serviceOverview(
    environment: string,
    credentials: Caller,
  ): Promise<ServiceOverview> {
    const counts = await this.options.store.serviceCounts(environment);
    const allowed = await this.options.access.allowed(
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
    const allowed = await this.options.access.allowed(
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

import { parseEntityRef } from '@backstage/catalog-model';
import {
  AuditList,
  deadLetterReadPermission,
  ServiceOverview,
  SquadCount,
  SquadOverview,
  Trends,
  TrendSeries,
  isUnassignedService,
  UNASSIGNED,
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
    const known = services.filter(s => !isUnassignedService(s));
    if (known.length === 0) {
      return owners;
    }
    for (const [service, { owner }] of await this.options.serviceCatalog.lookup(
      known,
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
    const titleOf = (squad: string) => {
      if (squad === UNOWNED) return UNOWNED;
      if (squad === UNASSIGNED) return 'Unassigned';
      return parseEntityRef(squad).name;
    };
    for (const item of items) {
      // Dead letters nobody can be told for are their own entry, where an
      // admin looks, not a made-up service among the unowned ones.
      const squad = isUnassignedService(item.service)
        ? UNASSIGNED
        : owners.get(item.service) ?? UNOWNED;
      const entry = squads.get(squad) ?? {
        squad,
        title: titleOf(squad),
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

  /**
   * Dead letters per day per service over the last `days` days (today
   * included, UTC), from the daily counters, for the services the caller
   * may read; biggest total first.
   */
  async trends(
    environment: string | undefined,
    days: number,
    credentials: Caller,
  ): Promise<Trends> {
    const today = Date.UTC(
      new Date().getUTCFullYear(),
      new Date().getUTCMonth(),
      new Date().getUTCDate(),
    );
    const dayList = Array.from({ length: days }, (_, i) =>
      new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
    );
    const records = await this.options.store.dailyCounts({
      environment: environment || undefined,
      since: dayList[0],
    });
    const services = [...new Set(records.map(r => r.service))];
    const allowed = await this.options.access.allowed(
      deadLetterReadPermission,
      services,
      credentials,
    );
    const owners = await this.ownersOf([...allowed]);
    const index = new Map(dayList.map((d, i) => [d, i]));
    const series = new Map<string, TrendSeries>();
    for (const r of records) {
      const at = index.get(r.day);
      if (at === undefined || !allowed.has(r.service)) {
        continue;
      }
      const key = `${r.environment}\u0000${r.service}`;
      const entry = series.get(key) ?? {
        environment: r.environment,
        service: r.service,
        squad: isUnassignedService(r.service)
          ? UNASSIGNED
          : owners.get(r.service),
        counts: dayList.map(() => 0),
      };
      entry.counts[at] += r.count;
      series.set(key, entry);
    }
    const total = (t: TrendSeries) => t.counts.reduce((a, b) => a + b, 0);
    return {
      days: dayList,
      series: [...series.values()].sort(
        (a, b) => total(b) - total(a) || a.service.localeCompare(b.service),
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

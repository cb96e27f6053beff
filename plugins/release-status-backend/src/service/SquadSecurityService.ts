import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  SecurityFigure,
  ServiceSecurity,
  SquadSecurity,
} from '@internal/backstage-plugin-release-status-common';
import { ReleaseStore, SecuritySnapshotStore } from '../types';
import { resolveSquadServices, ServiceCatalog } from './catalog';

/** How CI sends the figures; shown where none have arrived. */
export function howToSendVulnerabilities(environment: string): string {
  return (
    `No vulnerability figures have arrived for these services in ${environment}. ` +
    'Send them from CI with each release: POST /api/release-status/releases ' +
    'with a service token (a static token of backend.auth.externalAccess) and ' +
    `a body such as {"service": "authentication", "environment": "${environment}", ` +
    '"artifactId": "master-1c1508405e-67e9d69164", "vulnerabilities": ' +
    '{"critical": 0, "high": 2, "medium": 5, "low": 9}}.'
  );
}

/** The UTC day of a time, as YYYY-MM-DD. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last millisecond of a UTC day. */
function endOfDay(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) + DAY_MS - 1;
}

/**
 * The squad's high and critical findings now and at the end of the previous
 * day, and the daily snapshot that keeps the latter.
 */
export class SquadSecurityService {
  constructor(
    private readonly options: {
      store: ReleaseStore;
      snapshots: SecuritySnapshotStore;
      catalog: ServiceCatalog;
      environments: string[];
      /** The environment the card shows by default (prod). */
      defaultEnvironment: string;
      /** Days of snapshots kept. */
      retentionDays: number;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  private today(): string {
    return utcDay((this.options.now ?? Date.now)());
  }

  /**
   * Records today's figure of what the environment runs now. A change dated
   * on an earlier day (a release recorded late, a backfill) also rewrites
   * that day's figure and the later days' kept ones, as of each day's end.
   */
  async refresh(
    service: string,
    environment: string,
    changedAt?: number,
  ): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const today = utcDay(now);
    await this.put(service, environment, today);
    if (
      changedAt === undefined ||
      utcDay(changedAt) >= today ||
      changedAt < now - this.options.retentionDays * DAY_MS
    ) {
      return;
    }
    const from = utcDay(changedAt);
    const later = await this.options.snapshots.daysBetween(
      service,
      environment,
      from,
      today,
    );
    for (const day of new Set([from, ...later])) {
      await this.put(service, environment, day, endOfDay(day));
    }
  }

  private async put(
    service: string,
    environment: string,
    day: string,
    at?: number,
  ) {
    const current = await this.options.store.current(service, environment, {
      at,
    });
    await this.options.snapshots.put({
      service,
      environment,
      day,
      high: current?.vulnerabilities.high ?? 0,
      critical: current?.vulnerabilities.critical ?? 0,
      reported: current?.vulnerabilitiesReported ?? false,
      artifactId: current?.artifactId,
    });
  }

  /**
   * Carries every service's figure into today (the scheduled task), so that
   * tomorrow compares with today even when nothing is released; drops the
   * days past the retention.
   */
  async snapshotAll(): Promise<{ snapshots: number; deleted: number }> {
    const pairs = await this.options.store.listReleasedPairs();
    for (const { service, environment } of pairs) {
      await this.refresh(service, environment);
    }
    const now = (this.options.now ?? Date.now)();
    const deleted = await this.options.snapshots.deleteBefore(
      utcDay(now - this.options.retentionDays * DAY_MS),
    );
    return { snapshots: pairs.length, deleted };
  }

  async getSquadSecurity(
    squad: string,
    environment: string = this.options.defaultEnvironment,
  ): Promise<SquadSecurity> {
    if (!this.options.environments.includes(environment)) {
      throw new InputError(
        `Unknown environment '${environment}'; configured: ${this.options.environments.join(
          ', ',
        )}`,
      );
    }
    const { groupRef, services } = await resolveSquadServices(
      this.options.catalog,
      squad,
    );
    const day = this.today();
    const names = [...services.keys()];
    const [currents, yesterday] = await Promise.all([
      Promise.all(names.map(n => this.options.store.current(n, environment))),
      this.options.snapshots.latestBefore(names, environment, day),
    ]);

    const rows: ServiceSecurity[] = names.map((service, i) => {
      const current = currents[i];
      const before = yesterday.get(service);
      const reported = current?.vulnerabilitiesReported ?? false;
      return {
        service,
        entityRef: stringifyEntityRef(services.get(service)!),
        ...(current && {
          version: current.artifactId,
          releasedAt: new Date(current.releasedAt).toISOString(),
        }),
        reported,
        ...(reported && {
          now: {
            high: current!.vulnerabilities.high,
            critical: current!.vulnerabilities.critical,
          },
        }),
        ...(before?.reported && {
          yesterday: { high: before.high, critical: before.critical },
        }),
      };
    });
    rows.sort(
      (a, b) =>
        Number(b.reported) - Number(a.reported) ||
        (b.now?.critical ?? 0) - (a.now?.critical ?? 0) ||
        (b.now?.high ?? 0) - (a.now?.high ?? 0) ||
        a.service.localeCompare(b.service),
    );

    const anyReported = rows.some(r => r.reported);
    const now = sum(rows.map(r => r.now));
    const anyYesterday = rows.some(r => r.yesterday);
    const before = sum(rows.map(r => r.yesterday));
    return {
      squad: groupRef,
      environment,
      day,
      reported: anyReported,
      services: rows,
      totals: {
        now,
        ...(anyYesterday && {
          yesterday: before,
          change: {
            high: now.high - before.high,
            critical: now.critical - before.critical,
          },
        }),
      },
      ...(!anyReported && { howToSend: howToSendVulnerabilities(environment) }),
    };
  }
}

function sum(figures: Array<SecurityFigure | undefined>): SecurityFigure {
  return figures.reduce<SecurityFigure>(
    (total, f) => ({
      high: total.high + (f?.high ?? 0),
      critical: total.critical + (f?.critical ?? 0),
    }),
    { high: 0, critical: 0 },
  );
}

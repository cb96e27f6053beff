import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';

/** Answers whether a Group exists; undefined when it cannot tell. @public */
export interface GroupChecker {
  hasGroup(ref: string): Promise<boolean | undefined>;
}

/**
 * Looks groups up through the catalog, loading all group refs at most once a
 * minute so processing 5,000 components costs one request, not 5,000.
 */
export class CatalogGroupChecker implements GroupChecker {
  private groups?: Set<string>;
  private loadedAt = 0;
  private pending?: Promise<Set<string> | undefined>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly ttlMs = 60_000,
  ) {}

  async hasGroup(ref: string): Promise<boolean | undefined> {
    const groups = await this.load();
    // An empty catalog (e.g. right after start) says nothing about one group.
    if (!groups || groups.size === 0) {
      return undefined;
    }
    return groups.has(ref.toLocaleLowerCase('en-US'));
  }

  private load(): Promise<Set<string> | undefined> {
    if (this.groups && Date.now() - this.loadedAt < this.ttlMs) {
      return Promise.resolve(this.groups);
    }
    if (!this.pending) {
      this.pending = this.fetchGroups().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async fetchGroups(): Promise<Set<string> | undefined> {
    try {
      const { items } = await this.catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      this.groups = new Set(
        items.map(e => stringifyEntityRef(e).toLocaleLowerCase('en-US')),
      );
      // An empty answer usually means the catalog is still filling up after a
      // start: ask again soon rather than in a minute.
      this.loadedAt =
        this.groups.size > 0 ? Date.now() : Date.now() - this.ttlMs + 10_000;
      return this.groups;
    } catch (e) {
      // The catalog may not be serving yet; try again in ten seconds.
      this.logger.debug(`Could not list groups: ${(e as Error).message}`);
      this.loadedAt = Date.now() - this.ttlMs + 10_000;
      return this.groups;
    }
  }
}

/** Adds the "no such group" warning when the checker is sure. */
export async function groupProblem(
  checker: GroupChecker | undefined,
  ownerRef: string | undefined,
  squad: string | undefined,
) {
  if (!checker || !ownerRef) {
    return [];
  }
  const exists = await checker.hasGroup(ownerRef).catch(() => undefined);
  if (exists === false) {
    return [
      {
        level: 'warning' as const,
        message: `shuttle.yaml vars.squad "${squad}" names ${ownerRef}, which is not in the catalog`,
      },
    ];
  }
  return [];
}

import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEAD_LETTER_SERVICE_ANNOTATION,
  deadLetterServiceEntityRef,
} from '@internal/backstage-plugin-dead-letter-common';

/** Where a service's dead letters belong in the catalog. */
export interface ServiceEntity {
  /** The entity permissions are checked on: the same entity whose tab shows them. */
  entityRef: string;
  /** Its owner (a group), when the entity is in the catalog and has one. */
  owner?: string;
}

/**
 * Maps dead-letter service names to catalog entities: the Component whose
 * `lunar.app/dead-letter-service` annotation names the service, else
 * `component:default/<service>`. This is the rule the entity tab uses
 * (`deadLetterServiceName`), read the other way round.
 */
export interface ServiceCatalog {
  lookup(services: string[]): Promise<Map<string, ServiceEntity>>;
}

const FIELDS = ['kind', 'metadata', 'spec.owner', 'relations'];
/** Defaults of `deadLetter.serviceCatalog.cacheTtlMs` and `.cacheMaxEntries`. */
export const SERVICE_CACHE_TTL_MS = 10_000;
export const SERVICE_CACHE_MAX_ENTRIES = 5_000;

function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) {
    return relation.targetRef;
  }
  const owner = entity.spec?.owner;
  if (typeof owner === 'string' && owner) {
    try {
      return stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      );
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Reads the catalog with the plugin's own credentials. Answers are kept
 * `cacheTtlMs` (default 10 s), at most `cacheMaxEntries` of them (default
 * 5,000): the least recently used one goes first, so services that stopped
 * dead-lettering (or names made up by a caller) do not pile up.
 */
export class DefaultServiceCatalog implements ServiceCatalog {
  // A Map iterates in insertion order; a hit is moved to the end, so the
  // first key is always the least recently used.
  private readonly cache = new Map<
    string,
    { value: ServiceEntity; expires: number }
  >();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger?: LoggerService;
      cacheTtlMs?: number;
      cacheMaxEntries?: number;
      /** The clock the answers' age is measured with (tests). */
      now?: () => number;
    },
  ) {
    this.ttlMs = options.cacheTtlMs ?? SERVICE_CACHE_TTL_MS;
    this.maxEntries = options.cacheMaxEntries ?? SERVICE_CACHE_MAX_ENTRIES;
  }

  /** How many answers are kept now. */
  get size(): number {
    return this.cache.size;
  }

  private remember(service: string, value: ServiceEntity, now: number) {
    this.cache.delete(service);
    if (this.maxEntries <= 0) {
      return;
    }
    this.cache.set(service, { value, expires: now + this.ttlMs });
    while (this.cache.size > this.maxEntries) {
      this.cache.delete(this.cache.keys().next().value!);
    }
  }

  async lookup(services: string[]): Promise<Map<string, ServiceEntity>> {
    const now = (this.options.now ?? Date.now)();
    const result = new Map<string, ServiceEntity>();
    const missing: string[] = [];
    for (const service of new Set(services)) {
      const hit = this.cache.get(service);
      if (hit && hit.expires > now) {
        // Most recently used: to the end.
        this.cache.delete(service);
        this.cache.set(service, hit);
        result.set(service, hit.value);
      } else {
        if (hit) {
          this.cache.delete(service);
        }
        missing.push(service);
      }
    }
    if (missing.length > 0) {
      let fetched: Map<string, ServiceEntity>;
      try {
        fetched = await this.fetch(missing);
      } catch (error) {
        // The catalog is down: decide on the default entities (a policy that
        // needs the owner then denies), and ask again next time.
        this.options.logger?.warn(
          `Could not read the catalog for dead-letter services: ${error}`,
        );
        for (const service of missing) {
          result.set(service, {
            entityRef: deadLetterServiceEntityRef(service),
          });
        }
        return result;
      }
      for (const [service, value] of fetched) {
        this.remember(service, value, now);
        result.set(service, value);
      }
    }
    return result;
  }

  private async fetch(services: string[]): Promise<Map<string, ServiceEntity>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const found = new Map<string, ServiceEntity>();
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: services.map(deadLetterServiceEntityRef), fields: FIELDS },
      { credentials },
    );
    services.forEach((service, i) => {
      const entity = items[i];
      found.set(service, {
        entityRef: deadLetterServiceEntityRef(service),
        owner: entity ? ownerOf(entity) : undefined,
      });
    });
    // Entities whose annotation names the service take precedence.
    const annotated = await catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`metadata.annotations.${DEAD_LETTER_SERVICE_ANNOTATION}`]: services,
        },
        fields: FIELDS,
      },
      { credentials },
    );
    for (const entity of annotated.items) {
      const service =
        entity.metadata.annotations?.[DEAD_LETTER_SERVICE_ANNOTATION]?.trim();
      if (service && found.has(service)) {
        found.set(service, {
          entityRef: stringifyEntityRef(entity),
          owner: ownerOf(entity),
        });
      }
    }
    return found;
  }
}

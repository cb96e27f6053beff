import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  databaseNameOf,
  isDatabaseResource,
} from '@internal/backstage-plugin-database-access-common';

/** A database Resource as the plugin needs it. */
export interface CatalogDatabase {
  ref: string;
  /** Physical database name on the server. */
  databaseName: string;
  /** Owning group (entity ref), null when the Resource has no owner. */
  ownerRef: string | null;
}

/** Looks database Resources up in the catalog. */
export class DatabaseCatalog {
  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  /** The database Resource, or a clear error when there is none. */
  async resolve(
    ref: string,
    credentials?: BackstageCredentials,
  ): Promise<CatalogDatabase> {
    let parsed;
    try {
      parsed = parseEntityRef(ref, { defaultKind: 'resource' });
    } catch {
      throw new InputError(
        `"${ref}" is not an entity reference; expected e.g. resource:default/term-deposit-db`,
      );
    }
    const entityRef = stringifyEntityRef(parsed);
    let entity;
    try {
      entity = await this.options.catalog.getEntityByRef(entityRef, {
        credentials:
          credentials ?? (await this.options.auth.getOwnServiceCredentials()),
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not look ${entityRef} up in the catalog (${
          (error as Error)?.message ?? error
        }); try again shortly`,
      );
    }
    if (!entity) {
      throw new NotFoundError(
        `Unknown database ${entityRef}: there is no such entity in the catalog`,
      );
    }
    if (!isDatabaseResource(entity)) {
      throw new InputError(
        `${entityRef} is not a database (a Resource with spec.type: database)`,
      );
    }
    const owner =
      entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
      ownerFromSpec(entity.spec?.owner, entity.metadata.namespace);
    return {
      ref: entityRef,
      databaseName: databaseNameOf(entity),
      ownerRef: owner ?? null,
    };
  }
}

function ownerFromSpec(owner: unknown, namespace?: string): string | undefined {
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: namespace ?? 'default',
    }),
  );
}

import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RELEASE_MANAGER_SERVICE_ANNOTATION,
  releaseServiceName,
} from '@internal/backstage-plugin-release-status-common';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
];

/** The catalog's service Components, seen as release manager services. */
export interface ServiceCatalog {
  /** The Component of a release manager service, when the catalog has one. */
  findService(service: string): Promise<Entity | undefined>;
  /** Every service Component's release manager name. */
  listServiceNames(): Promise<string[]>;
  /** Service Components owned by the group. */
  listSquadServices(groupRef: string): Promise<Entity[]>;
}

export class CatalogServiceCatalog implements ServiceCatalog {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  async findService(service: string): Promise<Entity | undefined> {
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          {
            kind: 'component',
            [`metadata.annotations.${RELEASE_MANAGER_SERVICE_ANNOTATION}`]:
              service,
          },
          { kind: 'component', 'metadata.name': service },
        ],
        fields: FIELDS,
      },
      await this.credentials(),
    );
    // The annotation names the service explicitly; prefer it over a name match.
    return (
      items.find(e => releaseServiceName(e) === service) ??
      items.find(e => e.metadata.name === service)
    );
  }

  async listServiceNames(): Promise<string[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'component', 'spec.type': 'service' }, fields: FIELDS },
      await this.credentials(),
    );
    return [...new Set(items.map(releaseServiceName))].sort();
  }

  async listSquadServices(groupRef: string): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          'spec.type': 'service',
          'relations.ownedBy': groupRef,
        },
        fields: FIELDS,
      },
      await this.credentials(),
    );
    return items;
  }
}

/**
 * The group ref of a squad (an entity ref or a group name) and its service
 * Components by release manager name (the first entity of each name).
 */
export async function resolveSquadServices(
  catalog: ServiceCatalog,
  squad: string,
): Promise<{ groupRef: string; services: Map<string, Entity> }> {
  let groupRef: string;
  try {
    groupRef = stringifyEntityRef(
      parseEntityRef(squad, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(`Invalid squad '${squad}': ${error}`);
  }
  const services = new Map<string, Entity>();
  for (const entity of await catalog.listSquadServices(groupRef)) {
    const name = releaseServiceName(entity);
    if (!services.has(name)) {
      services.set(name, entity);
    }
  }
  return { groupRef, services };
}

import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DEAD_LETTER_SERVICE_ANNOTATION } from '@internal/backstage-plugin-dead-letter-common';
import { RELEASE_MANAGER_SERVICE_ANNOTATION } from '@internal/backstage-plugin-release-status-common';

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
export const SOURCE_TEMPLATE_ANNOTATION = 'backstage.io/source-template';
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
// The service names our other plugins know an entity by.
export { DEAD_LETTER_SERVICE_ANNOTATION };
export const RELEASE_SERVICE_ANNOTATION = RELEASE_MANAGER_SERVICE_ANNOTATION;

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'metadata.uid',
  'spec.type',
  'spec.owner',
  'relations',
];

/** A component and the squad that owns it. */
export interface OwnedService {
  entity: Entity;
  /** Entity ref of the owning Group. */
  squad: string;
  service: string;
}

/** The owning Group's ref (its ownedBy relation), when a Group owns it. */
export function ownerGroupRef(entity: Entity): string | undefined {
  return entity.relations?.find(
    r => r.type === RELATION_OWNED_BY && r.targetRef.startsWith('group:'),
  )?.targetRef;
}

/** Reads squads and their components from the catalog. */
export class SquadDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  private async own() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  private owned(items: Entity[]): OwnedService | undefined {
    for (const entity of items) {
      const squad = ownerGroupRef(entity);
      if (squad) {
        return { entity, squad, service: entity.metadata.name };
      }
    }
    return undefined;
  }

  /** The component whose `github.com/project-slug` names the repository. */
  async findByRepository(slug: string): Promise<OwnedService | undefined> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${PROJECT_SLUG_ANNOTATION}`]: slug,
        },
        fields: FIELDS,
      },
      await this.own(),
    );
    return this.owned(items);
  }

  /**
   * The component of a service name as another plugin knows it: the entity
   * whose `annotation` names it, else the entity of that name.
   */
  async findByServiceName(
    service: string,
    annotation: string,
  ): Promise<OwnedService | undefined> {
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          {
            kind: 'component',
            [`metadata.annotations.${annotation}`]: service,
          },
          { kind: 'component', 'metadata.name': service },
        ],
        fields: FIELDS,
      },
      await this.own(),
    );
    const byAnnotation = items.filter(
      e => e.metadata.annotations?.[annotation] === service,
    );
    return this.owned(byAnnotation.length ? byAnnotation : items);
  }

  /** Components created from a template (`backstage.io/source-template`). */
  async listTemplated(): Promise<OwnedService[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${SOURCE_TEMPLATE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: FIELDS,
      },
      await this.own(),
    );
    return items.flatMap(entity => {
      const squad = ownerGroupRef(entity);
      return squad ? [{ entity, squad, service: entity.metadata.name }] : [];
    });
  }

  /** Components with a `backstage.io/kubernetes-id` and an owning squad. */
  async listKubernetesComponents(): Promise<OwnedService[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: FIELDS,
      },
      await this.own(),
    );
    return items.flatMap(entity => {
      const squad = ownerGroupRef(entity);
      return squad ? [{ entity, squad, service: entity.metadata.name }] : [];
    });
  }

  /** The squad Group, read with the caller's credentials. */
  async getSquad(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
  ): Promise<{ entityRef: string; title: string }> {
    const entity = await this.catalog.getEntityByRef(
      { kind: 'group', namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(`No group ${namespace}/${name} in the catalog`);
    }
    return {
      entityRef: stringifyEntityRef(entity),
      title: entity.metadata.title ?? entity.metadata.name,
    };
  }

  /** The squad's components, read with the caller's credentials. */
  async listSquadComponents(
    squadRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'component', 'relations.ownedBy': squadRef },
        fields: FIELDS,
        order: { field: 'metadata.name', order: 'asc' },
      },
      { credentials },
    );
    return items;
  }
}

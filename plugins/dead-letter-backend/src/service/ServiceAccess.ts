import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  deadLetterUnassignedPermission,
  isUnassignedService,
  UNASSIGNED_SERVICE,
} from '@internal/backstage-plugin-dead-letter-common';
import { Caller } from '../types';
import { ServiceCatalog } from './ServiceCatalog';

/** Permission checks on the catalog entity each service's dead letters belong to. */
export class ServiceAccess {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      serviceCatalog: ServiceCatalog;
    },
  ) {}

  /** The subset of services the caller holds the permission for. */
  async allowed(
    permission: ResourcePermission<'catalog-entity'>,
    services: string[],
    credentials: Caller,
  ): Promise<Set<string>> {
    const all = [...new Set(services)];
    const unique = all.filter(s => !isUnassignedService(s));
    const allowed = new Set<string>();
    if (unique.length < all.length && (await this.unassigned(credentials))) {
      allowed.add(UNASSIGNED_SERVICE);
    }
    if (unique.length === 0) {
      return allowed;
    }
    const entities = await this.options.serviceCatalog.lookup(unique);
    const decisions = await this.options.permissions.authorize(
      unique.map(service => ({
        permission,
        resourceRef: entities.get(service)!.entityRef,
      })),
      { credentials },
    );
    unique.forEach((service, i) => {
      if (decisions[i].result === AuthorizeResult.ALLOW) {
        allowed.add(service);
      }
    });
    return allowed;
  }

  /**
   * The unassigned dead letters have no entity to decide on: reading and
   * acting on them is one basic permission (admins, by the default policy).
   */
  private async unassigned(credentials: Caller): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: deadLetterUnassignedPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}

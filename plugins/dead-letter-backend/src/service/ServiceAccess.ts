import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
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
}

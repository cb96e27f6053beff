import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  getEntityRelations,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  deadLetterDeletePermission,
  deadLetterRedeliverPermission,
  deadLetterServiceLabel,
  deadLetterServiceName,
  deadLetterUnassignedPermission,
  isUnassignedService,
} from '@internal/backstage-plugin-dead-letter-common';

/** The entity's owner: the resolved relation, else what `spec.owner` says. */
export function entityOwnerRef(entity: Entity): CompoundEntityRef | undefined {
  const [related] = getEntityRelations(entity, RELATION_OWNED_BY);
  if (related) {
    return related;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    });
  } catch {
    return undefined;
  }
}

/**
 * Why an action on a service's dead letters is refused, and who may act:
 * the policy lets the owning squad act.
 */
export function deniedReason(
  action: 'delete' | 'redeliver',
  service: string,
  owner?: string,
): string {
  const refused = isUnassignedService(service)
    ? `You are not allowed to ${action} unassigned dead letters; only the portal's admins may.`
    : `You are not allowed to ${action} dead letters of ${deadLetterServiceLabel(
        service,
      )}.`;
  return owner ? `${refused} Only members of ${owner} may.` : refused;
}

/**
 * Whether the user may delete and redeliver the dead letters of the entity's
 * service; while the decision loads, neither is allowed nor denied.
 */
export function useDeadLetterPermissions(entity: Entity) {
  const service = deadLetterServiceName(entity);
  const resourceRef = stringifyEntityRef(entity);
  // The unassigned dead letters have no entity: one basic permission
  // (admins, by the default policy) covers acting on them.
  const unassigned = isUnassignedService(service);
  const deletion = usePermission(
    unassigned
      ? { permission: deadLetterUnassignedPermission }
      : { permission: deadLetterDeletePermission, resourceRef },
  );
  const redelivery = usePermission(
    unassigned
      ? { permission: deadLetterUnassignedPermission }
      : { permission: deadLetterRedeliverPermission, resourceRef },
  );

  const ownerRef = entityOwnerRef(entity);
  // The hook runs on every render; without an owner its answer is unused.
  const ownerPresentation = useEntityPresentation(ownerRef ?? entity, {
    defaultKind: 'group',
  });
  const owner = ownerRef ? ownerPresentation.primaryTitle : undefined;

  return {
    canDelete: !deletion.loading && deletion.allowed,
    canRedeliver: !redelivery.loading && redelivery.allowed,
    deleteDenied:
      !deletion.loading && !deletion.allowed
        ? deniedReason('delete', service, owner)
        : undefined,
    redeliverDenied:
      !redelivery.loading && !redelivery.allowed
        ? deniedReason('redeliver', service, owner)
        : undefined,
  };
}

import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { SquadName } from '../../api';

/** The squad (Group) an entity page shows. */
export function squadOf(entity: Entity): SquadName {
  return {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}

/** A component's tab path, e.g. `/catalog/default/component/x/releases`. */
export function entityTabPath(entityRef: string, tab: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/${tab}`;
}

/** Whether an entity is a squad: a Group with spec.type squad. */
export function isSquad(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'group' &&
    entity.spec?.type === 'squad'
  );
}

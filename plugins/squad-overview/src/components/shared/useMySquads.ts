import {
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { isSquad } from './squad';

/**
 * The squads of the signed-in user: the groups of their identity's
 * ownership refs and of their User entity's memberOf, that are squads.
 */
export function useMySquads() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<Entity[]> => {
    const identity = await identityApi.getBackstageIdentity();
    const refs = new Set(
      identity.ownershipEntityRefs.filter(
        ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
      ),
    );
    const { items: users } = await catalogApi.getEntitiesByRefs({
      entityRefs: [identity.userEntityRef],
    });
    for (const relation of users[0]?.relations ?? []) {
      if (relation.type === RELATION_MEMBER_OF) refs.add(relation.targetRef);
    }
    if (!refs.size) return [];
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: [...refs],
    });
    return items
      .filter((e): e is Entity => Boolean(e) && isSquad(e!))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }, [identityApi, catalogApi]);
}

/** The path of a squad's page (its Overview is the first tab, at `/`). */
export function squadPath(entity: Entity): string {
  return `/catalog/${encodeURIComponent(
    entity.metadata.namespace ?? 'default',
  )}/group/${encodeURIComponent(entity.metadata.name)}`;
}

export function squadTitle(entity: Entity): string {
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  return entity.metadata.title ?? profile?.displayName ?? entity.metadata.name;
}

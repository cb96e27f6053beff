import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

export interface DatabaseOption {
  ref: string;
  title: string;
  owner?: string;
}

/** The catalog's databases (Resources of type database), by name. */
export function useDatabases(enabled = true) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<DatabaseOption[]> => {
    if (!enabled) {
      return [];
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'resource', 'spec.type': 'database' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.owner',
      ],
    });
    return items
      .map(entity => ({
        ref: stringifyEntityRef(entity),
        title: entity.metadata.title ?? entity.metadata.name,
        owner: (entity.spec as { owner?: string } | undefined)?.owner,
      }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [catalogApi, enabled]);
}

import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_SHUTTLE_SERVICE } from '../../annotations';
import { EnrichDraft, hasDependency, warn } from './draft';
import { validator } from './refs';
import { isSwitchOn } from './vars';

/**
 * For vars.db: a dependency on the service's own `<service>-db` Resource,
 * and that Resource itself when `emitDatabases` is on.
 */
export function applyDatabase(draft: EnrichDraft, serviceName: string) {
  if (!isSwitchOn(draft.file.vars.db)) {
    return;
  }
  const { entity } = draft;
  const dbName = `${serviceName}-db`;
  const dbRef = `resource:${entity.metadata.namespace ?? 'default'}/${dbName}`;
  if (!validator.isValidEntityName(dbName)) {
    warn(
      draft,
      `The database name "${dbName}" is not a valid entity name; no database resource was made`,
    );
    return;
  }
  // A database catalog-info.yaml already lists is defined there: only
  // derive one that is not.
  if (hasDependency(draft, dbRef)) {
    return;
  }
  draft.dependsOn.push(dbRef);
  if (draft.options.emitDatabases) {
    draft.resources.push(databaseResource(draft, dbName, serviceName));
  }
}

function databaseResource(
  draft: EnrichDraft,
  dbName: string,
  serviceName: string,
): Entity {
  const { entity, spec } = draft;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: dbName,
      ...(entity.metadata.namespace
        ? { namespace: entity.metadata.namespace }
        : {}),
      description: `Database of ${serviceName} (from shuttle.yaml vars.db)`,
      annotations: { [ANNOTATION_SHUTTLE_SERVICE]: serviceName },
    },
    spec: {
      type: 'database',
      owner: spec.owner ?? draft.options.defaultOwner,
      ...(spec.system ? { system: spec.system } : {}),
    },
  };
}

import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_SHUTTLE_FILE } from '../annotations';
import { ShuttleOptions } from './options';
import { ShuttleFile, ShuttleParseResult } from './parseShuttleYaml';
import { applyDatabase } from './enrich/database';
import { checkDomain } from './enrich/domain';
import { draftEntity, startDraft } from './enrich/draft';
import { applyFileAnnotations } from './enrich/fileAnnotations';
import { applyKubernetes } from './enrich/kubernetes';
import { applyOwner } from './enrich/owner';
import { applyPlan } from './enrich/plan';
import { addProblems } from './enrich/problems';
import { applyService } from './enrich/service';
import { applySharedResources } from './enrich/sharedResources';
import { applySystem } from './enrich/system';
import { applyTags } from './enrich/tags';
import { applyType } from './enrich/type';

export { addProblems } from './enrich/problems';
export { isSwitchOn } from './enrich/vars';

/** What enriching one entity produced. @public */
export type EnrichResult = {
  entity: Entity;
  /** Resource entities to emit beside the entity (its own database). */
  resources: Entity[];
  /** The owner ref derived from shuttle.yaml, if any (for the group check). */
  shuttleOwnerRef?: string;
};

/**
 * Fills in what the entity does not already say, from a parsed shuttle.yaml.
 * What catalog-info.yaml says wins; disagreements become warnings. Only
 * Components are enriched. Pure: no I/O.
 */
export function enrichEntity(
  entity: Entity,
  parsed: ShuttleParseResult,
  fileRef: string,
  options: ShuttleOptions,
): EnrichResult {
  if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
    return { entity, resources: [] };
  }
  if (!parsed.ok) {
    return { entity: withError(entity, fileRef, parsed.error), resources: [] };
  }
  try {
    return applyShuttleFile(entity, parsed.file, fileRef, options);
  } catch (e) {
    // A shape nobody thought of must cost this entity its enrichment, never
    // the caller its run (a provider would lose every other repository).
    return {
      entity: withError(
        entity,
        fileRef,
        `shuttle.yaml could not be used: ${(e as Error)?.message ?? e}`,
      ),
      resources: [],
    };
  }
}

/** Keeps the entity as it is; only makes the problem visible on it. */
function withError(entity: Entity, fileRef: string, message: string): Entity {
  const withFile: Entity = {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [ANNOTATION_SHUTTLE_FILE]: fileRef,
      },
    },
  };
  return addProblems(withFile, [{ level: 'error', message }]);
}

/** One step per concern, in the order their warnings are listed. */
function applyShuttleFile(
  entity: Entity,
  file: ShuttleFile,
  fileRef: string,
  options: ShuttleOptions,
): EnrichResult {
  const draft = startDraft(entity, file, fileRef, options);
  applyPlan(draft);
  applyFileAnnotations(draft);
  const serviceName = applyService(draft);
  const shuttleOwnerRef = applyOwner(draft);
  applySystem(draft);
  applyType(draft);
  checkDomain(draft);
  applyKubernetes(draft, serviceName);
  applyTags(draft);
  // After owner and system: the database Resource inherits both
  applyDatabase(draft, serviceName);
  applySharedResources(draft);
  return {
    entity: addProblems(draftEntity(draft), draft.problems),
    resources: draft.resources,
    shuttleOwnerRef,
  };
}

import { Entity } from '@backstage/catalog-model';
import { ShuttleProblem } from '../../annotations';
import { ShuttleOptions } from '../options';
import { ShuttleFile } from '../parseShuttleYaml';
import { sameRef } from './refs';

/**
 * What the enrichment steps build up from one entity and its shuttle.yaml.
 * Each step reads the file and adds to the copies here; the input entity is
 * never changed.
 */
export type EnrichDraft = {
  readonly entity: Entity;
  readonly file: ShuttleFile;
  readonly fileRef: string;
  readonly options: ShuttleOptions;
  readonly spec: Record<string, any>;
  readonly annotations: Record<string, string>;
  readonly tags: Set<string>;
  readonly dependsOn: string[];
  /** Resource entities to emit beside the entity. */
  readonly resources: Entity[];
  /** In the order found: the Build card lists them as they come. */
  readonly problems: ShuttleProblem[];
};

export function startDraft(
  entity: Entity,
  file: ShuttleFile,
  fileRef: string,
  options: ShuttleOptions,
): EnrichDraft {
  const spec: Record<string, any> = { ...(entity.spec ?? {}) };
  return {
    entity,
    file,
    fileRef,
    options,
    spec,
    annotations: { ...entity.metadata.annotations },
    tags: new Set<string>(entity.metadata.tags ?? []),
    dependsOn: Array.isArray(spec.dependsOn) ? [...spec.dependsOn] : [],
    resources: [],
    problems: [],
  };
}

/** What catalog-info.yaml says wins: an annotation it sets is kept. */
export function annotateIfAbsent(
  draft: EnrichDraft,
  key: string,
  value: string | undefined,
) {
  if (value !== undefined && draft.annotations[key] === undefined) {
    draft.annotations[key] = value;
  }
}

export function warn(draft: EnrichDraft, message: string) {
  draft.problems.push({ level: 'warning', message });
}

/** True when the entity already depends on `ref`, however it is spelled. */
export function hasDependency(draft: EnrichDraft, ref: string): boolean {
  return draft.dependsOn.some(d => sameRef(String(d), ref, 'component'));
}

/** The enriched entity, without its problems. */
export function draftEntity(draft: EnrichDraft): Entity {
  const { entity, spec, annotations, tags } = draft;
  if (draft.dependsOn.length > 0) {
    spec.dependsOn = draft.dependsOn;
  }
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations,
      ...(tags.size > 0 ? { tags: [...tags] } : {}),
    },
    spec,
  };
}

import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  makeValidator,
} from '@backstage/catalog-model';
import { DeferredEntity } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SHUTTLE_PROVIDER,
  ANNOTATION_SHUTTLE_SQUAD,
} from '../annotations';
import { addProblems, enrichEntity } from '../lib/enrich';
import { GroupChecker, groupProblem } from '../lib/groups';
import { ShuttleOptions } from '../lib/options';
import { ShuttleParseResult } from '../lib/parseShuttleYaml';

const validator = makeValidator();

/** One repository with a shuttle.yaml and no catalog-info.yaml. @public */
export type DiscoveredRepo = {
  /** Repository name, used when shuttle.yaml names no service. */
  name: string;
  parsed: ShuttleParseResult;
  /** Where shuttle.yaml is: a URL or a file path. */
  fileRef: string;
  /** The location ref, e.g. `url:https://...` or `file:/...`. */
  locationRef: string;
  /** The source-location annotation value (the repository). */
  sourceLocation: string;
  annotations?: Record<string, string>;
};

/** Makes an entity name from a repository name (names allow [a-zA-Z0-9-_.], 63 chars). */
export function toEntityName(name: string): string {
  const cleaned = name
    .replace(/[^a-zA-Z0-9\-_.]+/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^a-zA-Z0-9]+$/, '');
  return cleaned || 'unnamed';
}

/**
 * Makes a Component (and the database Resource its switches name) from a
 * repository's shuttle.yaml alone. A broken shuttle.yaml still makes a
 * Component, named after the repository and carrying the error.
 */
export async function componentFromShuttle(
  repo: DiscoveredRepo,
  providerId: string,
  options: ShuttleOptions,
  groups?: GroupChecker,
): Promise<DeferredEntity[]> {
  let name = toEntityName(repo.name);
  if (repo.parsed.ok) {
    const service = repo.parsed.file.vars.service;
    if (typeof service === 'string' && validator.isValidEntityName(service)) {
      name = service;
    }
  }
  const locationAnnotations = {
    [ANNOTATION_LOCATION]: repo.locationRef,
    [ANNOTATION_ORIGIN_LOCATION]: repo.locationRef,
  };
  const skeleton: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description: `Discovered from shuttle.yaml in the ${repo.name} repository`,
      annotations: {
        ...repo.annotations,
        ...locationAnnotations,
        [ANNOTATION_SOURCE_LOCATION]: repo.sourceLocation,
        [ANNOTATION_SHUTTLE_PROVIDER]: providerId,
      },
    },
    spec: { lifecycle: options.defaultLifecycle },
  };
  const result = enrichEntity(skeleton, repo.parsed, repo.fileRef, options);
  let entity = result.entity;
  const spec = { ...entity.spec };
  spec.type ??= 'service';
  spec.owner ??= options.defaultOwner;
  entity = { ...entity, spec };
  if (options.checkGroups) {
    entity = addProblems(
      entity,
      await groupProblem(
        groups,
        result.shuttleOwnerRef,
        entity.metadata.annotations?.[ANNOTATION_SHUTTLE_SQUAD],
      ),
    );
  }
  return [entity, ...result.resources].map(e => ({
    entity: {
      ...e,
      metadata: {
        ...e.metadata,
        annotations: { ...e.metadata.annotations, ...locationAnnotations },
      },
    },
    locationKey: `shuttle:${providerId}:${repo.name}`,
  }));
}

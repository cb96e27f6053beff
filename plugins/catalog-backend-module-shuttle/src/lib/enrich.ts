import {
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_SHUTTLE_FILE,
  ANNOTATION_SHUTTLE_PLAN,
  ANNOTATION_SHUTTLE_PLAN_KIND,
  ANNOTATION_SHUTTLE_PLAN_REF,
  ANNOTATION_SHUTTLE_PROBLEMS,
  ANNOTATION_SHUTTLE_SCRIPTS,
  ANNOTATION_SHUTTLE_SERVICE,
  ANNOTATION_SHUTTLE_SQUAD,
  ANNOTATION_SHUTTLE_VARS,
  ShuttleProblem,
} from '../annotations';
import { ShuttleFile, ShuttleParseResult } from './parseShuttleYaml';
import { ShuttleOptions } from './options';

const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
const ANNOTATION_KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
const MAX_VARS_ANNOTATION_CHARS = 8 * 1024;

const validator = makeValidator();

/** What enriching one entity produced. @public */
export type EnrichResult = {
  entity: Entity;
  /** Resource entities to emit beside the entity (its own database). */
  resources: Entity[];
  /** The owner ref derived from shuttle.yaml, if any (for the group check). */
  shuttleOwnerRef?: string;
};

function getVar(vars: Record<string, unknown>, dotted: string): unknown {
  if (dotted in vars) {
    return vars[dotted];
  }
  let current: unknown = vars;
  for (const part of dotted.split('.')) {
    if (typeof current !== 'object' || current === null) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Reads an optional string var; numbers are accepted, other shapes warn. */
function stringVar(
  vars: Record<string, unknown>,
  key: string,
  problems: ShuttleProblem[],
): string | undefined {
  const value = getVar(vars, key);
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'string') {
    return value.trim() || undefined;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  problems.push({
    level: 'warning',
    message: `shuttle.yaml vars.${key} should be a string, but it is ${
      Array.isArray(value) ? 'a list' : 'a map'
    }; it was ignored`,
  });
  return undefined;
}

/** A feature switch is on for true, "true"/"yes"/"on", a name, or a non-empty map. */
export function isSwitchOn(value: unknown): boolean {
  if (value === undefined || value === null || value === false) {
    return false;
  }
  if (typeof value === 'string') {
    return !['', 'false', 'no', 'off', 'disabled', '0'].includes(
      value.trim().toLowerCase(),
    );
  }
  if (typeof value === 'number') {
    return value !== 0;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  if (typeof value === 'object') {
    const map = value as Record<string, unknown>;
    if ('enabled' in map) {
      return isSwitchOn(map.enabled);
    }
    return Object.keys(map).length > 0;
  }
  return value === true;
}

function sameRef(a: string, b: string, defaultKind: string): boolean {
  try {
    const opts = { defaultKind, defaultNamespace: 'default' };
    return (
      stringifyEntityRef(parseEntityRef(a, opts)).toLocaleLowerCase('en-US') ===
      stringifyEntityRef(parseEntityRef(b, opts)).toLocaleLowerCase('en-US')
    );
  } catch {
    return a === b;
  }
}

function ownerFromSquad(
  squad: string,
  options: ShuttleOptions,
  problems: ShuttleProblem[],
): string | undefined {
  // A function, so that "$&" and the like in a squad are taken literally
  const ref = options.ownerPattern.replace(/\{squad\}/g, () => squad);
  try {
    const parsed = parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    if (validator.isValidEntityName(parsed.name)) {
      return stringifyEntityRef(parsed);
    }
  } catch {
    // fall through to the warning
  }
  problems.push({
    level: 'warning',
    message: `shuttle.yaml vars.squad "${squad}" does not make a valid owner ("${ref}"); owner not derived`,
  });
  return undefined;
}

function varsAnnotation(
  vars: Record<string, unknown>,
  problems: ShuttleProblem[],
): string | undefined {
  const full = JSON.stringify(vars);
  if (full.length <= MAX_VARS_ANNOTATION_CHARS) {
    return full;
  }
  // Keep the short entries so the Build card still shows the useful ones.
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (JSON.stringify(value).length <= 200) {
      kept[key] = value;
    }
  }
  const partial = JSON.stringify(kept);
  problems.push({
    level: 'warning',
    message:
      'shuttle.yaml vars are too large to show in full; long values were left out',
  });
  return partial.length <= MAX_VARS_ANNOTATION_CHARS ? partial : undefined;
}

function tagsFrom(
  vars: Record<string, unknown>,
  problems: ShuttleProblem[],
): string[] {
  const raw = vars.tags;
  if (raw === undefined || raw === null) {
    return [];
  }
  let list: string[] | undefined;
  if (typeof raw === 'string') {
    list = raw.split(',');
  } else if (Array.isArray(raw)) {
    list = [];
    for (const t of raw) {
      if (typeof t === 'string' || typeof t === 'number') {
        list.push(String(t));
      } else if (t !== null && t !== undefined) {
        problems.push({
          level: 'warning',
          message: `shuttle.yaml vars.tags has an entry that is ${
            Array.isArray(t)
              ? 'a list'
              : `a ${typeof t === 'object' ? 'map' : typeof t}`
          }, not a string; it was ignored`,
        });
      }
    }
  }
  if (!list) {
    problems.push({
      level: 'warning',
      message: 'shuttle.yaml vars.tags should be a list; it was ignored',
    });
    return [];
  }
  const tags: string[] = [];
  for (const candidate of list.map(t => t.trim().toLocaleLowerCase('en-US'))) {
    if (!candidate) {
      continue;
    }
    if (validator.isValidTag(candidate)) {
      tags.push(candidate);
    } else {
      problems.push({
        level: 'warning',
        message: `shuttle.yaml tag "${candidate}" is not a valid catalog tag; it was ignored`,
      });
    }
  }
  return tags;
}

/**
 * Adds problems to an entity as the `lunar.app/shuttle-problems` annotation,
 * which the Build card shows. Not as a processing error: the catalog keeps an
 * entity with processing errors out (or frozen at its last good version), and
 * its policy rejects a `status` field set by a processor.
 */
export function addProblems(
  entity: Entity,
  problems: ShuttleProblem[],
): Entity {
  if (problems.length === 0) {
    return entity;
  }
  const annotations = { ...entity.metadata.annotations };
  let existing: ShuttleProblem[] = [];
  try {
    const parsed = JSON.parse(annotations[ANNOTATION_SHUTTLE_PROBLEMS] ?? '[]');
    existing = Array.isArray(parsed) ? parsed : [];
  } catch {
    existing = [];
  }
  annotations[ANNOTATION_SHUTTLE_PROBLEMS] = JSON.stringify([
    ...existing,
    ...problems,
  ]);
  return { ...entity, metadata: { ...entity.metadata, annotations } };
}

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

function applyShuttleFile(
  entity: Entity,
  file: ShuttleFile,
  fileRef: string,
  options: ShuttleOptions,
): EnrichResult {
  const problems: ShuttleProblem[] = [];
  const vars = file.vars;
  const spec: Record<string, any> = { ...(entity.spec ?? {}) };
  const annotations: Record<string, string> = {
    ...entity.metadata.annotations,
  };
  const setIfAbsent = (key: string, value: string | undefined) => {
    if (value !== undefined && annotations[key] === undefined) {
      annotations[key] = value;
    }
  };

  // Plan
  setIfAbsent(ANNOTATION_SHUTTLE_PLAN_KIND, file.plan.kind);
  setIfAbsent(ANNOTATION_SHUTTLE_PLAN, file.plan.value);
  setIfAbsent(ANNOTATION_SHUTTLE_PLAN_REF, file.plan.ref);
  setIfAbsent(ANNOTATION_SHUTTLE_FILE, fileRef);
  if (file.scriptNames.length > 0) {
    setIfAbsent(ANNOTATION_SHUTTLE_SCRIPTS, file.scriptNames.join(','));
  }
  setIfAbsent(ANNOTATION_SHUTTLE_VARS, varsAnnotation(vars, problems));

  // Service
  let service = stringVar(vars, 'service', problems);
  if (service !== undefined && !validator.isValidEntityName(service)) {
    problems.push({
      level: 'warning',
      message: `shuttle.yaml vars.service "${service}" is not a valid entity name; ${entity.metadata.name} is used instead`,
    });
    service = undefined;
  }
  setIfAbsent(ANNOTATION_SHUTTLE_SERVICE, service);
  const serviceName = service ?? entity.metadata.name;

  // Owner
  const squad = stringVar(vars, 'squad', problems);
  let shuttleOwnerRef: string | undefined;
  if (squad === undefined) {
    if (!spec.owner) {
      spec.owner = options.defaultOwner;
      problems.push({
        level: 'warning',
        message: `shuttle.yaml has no vars.squad and catalog-info.yaml no owner; owner set to ${options.defaultOwner}`,
      });
    } else {
      problems.push({
        level: 'warning',
        message: 'shuttle.yaml has no vars.squad',
      });
    }
  } else {
    setIfAbsent(ANNOTATION_SHUTTLE_SQUAD, squad);
    shuttleOwnerRef = ownerFromSquad(squad, options, problems);
    if (shuttleOwnerRef) {
      if (!spec.owner) {
        spec.owner = shuttleOwnerRef;
      } else if (!sameRef(String(spec.owner), shuttleOwnerRef, 'group')) {
        problems.push({
          level: 'warning',
          message: `Owner disagreement: catalog-info.yaml says ${spec.owner}, shuttle.yaml says squad "${squad}" (${shuttleOwnerRef}); catalog-info.yaml wins`,
        });
      }
    } else if (!spec.owner) {
      spec.owner = options.defaultOwner;
    }
  }

  // System and type
  const system = stringVar(vars, 'system', problems);
  if (system !== undefined) {
    if (!spec.system) {
      spec.system = system;
    } else if (!sameRef(String(spec.system), system, 'system')) {
      problems.push({
        level: 'warning',
        message: `System disagreement: catalog-info.yaml says ${spec.system}, shuttle.yaml says ${system}; catalog-info.yaml wins`,
      });
    }
  }
  const type = stringVar(vars, 'type', problems);
  if (type !== undefined && !spec.type) {
    spec.type = type;
  }
  stringVar(vars, 'domain', problems); // only validated; shown through the vars

  // Kubernetes
  const namespace = stringVar(vars, 'k8s.namespace', problems);
  if (namespace !== undefined) {
    setIfAbsent(ANNOTATION_KUBERNETES_NAMESPACE, namespace);
    setIfAbsent(ANNOTATION_KUBERNETES_ID, serviceName);
  }

  // Tags
  const tags = new Set<string>(entity.metadata.tags ?? []);
  for (const tag of tagsFrom(vars, problems)) {
    tags.add(tag);
  }

  // Resources named by the switches
  const dependsOn: string[] = Array.isArray(spec.dependsOn)
    ? [...spec.dependsOn]
    : [];
  const hasDependency = (ref: string) =>
    dependsOn.some(d => sameRef(String(d), ref, 'component'));
  const resources: Entity[] = [];
  if (isSwitchOn(vars.db)) {
    const dbName = `${serviceName}-db`;
    const dbRef = `resource:${
      entity.metadata.namespace ?? 'default'
    }/${dbName}`;
    if (!validator.isValidEntityName(dbName)) {
      problems.push({
        level: 'warning',
        message: `The database name "${dbName}" is not a valid entity name; no database resource was made`,
      });
    } else if (!hasDependency(dbRef)) {
      // A database catalog-info.yaml already lists is defined there: only
      // derive one that is not.
      dependsOn.push(dbRef);
      if (options.emitDatabases) {
        resources.push({
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
            owner: spec.owner ?? options.defaultOwner,
            ...(spec.system ? { system: spec.system } : {}),
          },
        });
      }
    }
  }
  for (const [key, ref] of [
    ['rabbitmq', options.resources.rabbitmq],
    ['ingress', options.resources.ingress],
  ] as const) {
    if (ref && isSwitchOn(vars[key]) && !hasDependency(ref)) {
      dependsOn.push(ref);
    }
  }
  if (dependsOn.length > 0) {
    spec.dependsOn = dependsOn;
  }

  const enriched: Entity = {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations,
      ...(tags.size > 0 ? { tags: [...tags] } : {}),
    },
    spec,
  };
  return {
    entity: addProblems(enriched, problems),
    resources,
    shuttleOwnerRef,
  };
}

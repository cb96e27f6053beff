/**
 * Annotation names written by the shuttle catalog module
 * (`@internal/backstage-plugin-catalog-backend-module-shuttle`) and read by
 * the shuttle frontend plugin. This file is the single source of truth.
 */

/** The plan without its ref: a git URL or a local path. Absent for `plan: false`. @public */
export const ANNOTATION_SHUTTLE_PLAN = 'lunar.app/shuttle-plan';
/** The part after `#` in a git plan: a branch, tag or sha. @public */
export const ANNOTATION_SHUTTLE_PLAN_REF = 'lunar.app/shuttle-plan-ref';
/** `git`, `local` or `none`. Present on every entity with a readable shuttle.yaml. @public */
export const ANNOTATION_SHUTTLE_PLAN_KIND = 'lunar.app/shuttle-plan-kind';
/** `vars.service` from shuttle.yaml. @public */
export const ANNOTATION_SHUTTLE_SERVICE = 'lunar.app/shuttle-service';
/** `vars.squad` from shuttle.yaml (the short name, e.g. `nasa`). @public */
export const ANNOTATION_SHUTTLE_SQUAD = 'lunar.app/shuttle-squad';
/** The vars of shuttle.yaml as a JSON object (size capped). @public */
export const ANNOTATION_SHUTTLE_VARS = 'lunar.app/shuttle-vars';
/** Comma-separated names of the scripts defined in shuttle.yaml itself. @public */
export const ANNOTATION_SHUTTLE_SCRIPTS = 'lunar.app/shuttle-scripts';
/** Where shuttle.yaml was read from (URL or file path). @public */
export const ANNOTATION_SHUTTLE_FILE = 'lunar.app/shuttle-file';
/**
 * Problems found in shuttle.yaml, as a JSON array of
 * `{ level: 'error' | 'warning', message: string }`. An `error` means the
 * file was not used at all; a `warning` means it was used, with a caveat.
 * @public
 */
export const ANNOTATION_SHUTTLE_PROBLEMS = 'lunar.app/shuttle-problems';
/**
 * Set by the shuttle entity provider on the components it creates from a
 * repository that has no catalog-info.yaml; the value is the provider id.
 * @public
 */
export const ANNOTATION_SHUTTLE_PROVIDER = 'lunar.app/shuttle-provider';

/** @public */
export const SHUTTLE_PLAN_KINDS = ['git', 'local', 'none'] as const;
/** @public */
export type ShuttlePlanKind = (typeof SHUTTLE_PLAN_KINDS)[number];

// The annotation names live in @internal/backstage-plugin-shuttle-common so the
// frontend Build card reads exactly what this module writes.
export {
  ANNOTATION_SHUTTLE_FILE,
  ANNOTATION_SHUTTLE_PLAN,
  ANNOTATION_SHUTTLE_PLAN_KIND,
  ANNOTATION_SHUTTLE_PLAN_REF,
  ANNOTATION_SHUTTLE_PROBLEMS,
  ANNOTATION_SHUTTLE_PROVIDER,
  ANNOTATION_SHUTTLE_SCRIPTS,
  ANNOTATION_SHUTTLE_SERVICE,
  ANNOTATION_SHUTTLE_SQUAD,
  ANNOTATION_SHUTTLE_VARS,
  SHUTTLE_PLAN_KINDS,
} from '@internal/backstage-plugin-shuttle-common';
export type {
  ShuttlePlanKind,
  ShuttleProblem,
} from '@internal/backstage-plugin-shuttle-common';

import {
  ANNOTATION_SHUTTLE_PLAN,
  ANNOTATION_SHUTTLE_PLAN_KIND,
  ANNOTATION_SHUTTLE_PLAN_REF,
} from '../../annotations';
import { annotateIfAbsent, EnrichDraft } from './draft';

/** The plan the repository builds with: its kind, URL or path, and pinned ref. */
export function applyPlan(draft: EnrichDraft) {
  const { plan } = draft.file;
  annotateIfAbsent(draft, ANNOTATION_SHUTTLE_PLAN_KIND, plan.kind);
  annotateIfAbsent(draft, ANNOTATION_SHUTTLE_PLAN, plan.value);
  annotateIfAbsent(draft, ANNOTATION_SHUTTLE_PLAN_REF, plan.ref);
}

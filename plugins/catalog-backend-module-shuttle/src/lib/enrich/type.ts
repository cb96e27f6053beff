import { EnrichDraft } from './draft';
import { stringVar } from './vars';

/** Sets the component type from vars.type when catalog-info.yaml has none. */
export function applyType(draft: EnrichDraft) {
  const type = stringVar(draft.file.vars, 'type', draft.problems);
  if (type !== undefined && !draft.spec.type) {
    draft.spec.type = type;
  }
}

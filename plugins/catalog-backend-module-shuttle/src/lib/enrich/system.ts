import { EnrichDraft, warn } from './draft';
import { disagreement, sameRef } from './refs';
import { stringVar } from './vars';

/** Sets the system from vars.system; warns when catalog-info.yaml differs. */
export function applySystem(draft: EnrichDraft) {
  const { spec } = draft;
  const system = stringVar(draft.file.vars, 'system', draft.problems);
  if (system === undefined) {
    return;
  }
  if (!spec.system) {
    spec.system = system;
  } else if (!sameRef(String(spec.system), system, 'system')) {
    warn(draft, disagreement('System', spec.system, system));
  }
}

import { ANNOTATION_SHUTTLE_SQUAD } from '../../annotations';
import { annotateIfAbsent, EnrichDraft, warn } from './draft';
import { ownerFromSquad } from './ownerFromSquad';
import { disagreement, sameRef } from './refs';
import { stringVar } from './vars';

/**
 * Sets the owner from vars.squad when catalog-info.yaml names none, and
 * warns when the two disagree. Returns the owner ref the squad makes, if
 * any, so the caller can check that the group exists.
 */
export function applyOwner(draft: EnrichDraft): string | undefined {
  const { spec, options } = draft;
  const squad = stringVar(draft.file.vars, 'squad', draft.problems);
  if (squad === undefined) {
    ownerWithoutSquad(draft);
    return undefined;
  }
  annotateIfAbsent(draft, ANNOTATION_SHUTTLE_SQUAD, squad);
  const ref = ownerFromSquad(draft, squad);
  if (!ref) {
    if (!spec.owner) {
      spec.owner = options.defaultOwner;
    }
    return undefined;
  }
  if (!spec.owner) {
    spec.owner = ref;
  } else if (!sameRef(String(spec.owner), ref, 'group')) {
    warn(draft, disagreement('Owner', spec.owner, `squad "${squad}" (${ref})`));
  }
  return ref;
}

function ownerWithoutSquad(draft: EnrichDraft) {
  const { spec, options } = draft;
  if (spec.owner) {
    warn(draft, 'shuttle.yaml has no vars.squad');
    return;
  }
  spec.owner = options.defaultOwner;
  warn(
    draft,
    `shuttle.yaml has no vars.squad and catalog-info.yaml no owner; owner set to ${options.defaultOwner}`,
  );
}

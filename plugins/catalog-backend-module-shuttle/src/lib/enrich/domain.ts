import { EnrichDraft } from './draft';
import { stringVar } from './vars';

/**
 * Checks vars.domain. A Component has no domain field (its system does), so
 * the domain is only shown, through the vars annotation.
 */
export function checkDomain(draft: EnrichDraft) {
  stringVar(draft.file.vars, 'domain', draft.problems);
}

import { ANNOTATION_SHUTTLE_SERVICE } from '../../annotations';
import { annotateIfAbsent, EnrichDraft, warn } from './draft';
import { validator } from './refs';
import { stringVar } from './vars';

/**
 * Records vars.service and returns the service name the other steps build
 * on: vars.service when it is a valid entity name, else the entity's name.
 */
export function applyService(draft: EnrichDraft): string {
  const { entity } = draft;
  let service = stringVar(draft.file.vars, 'service', draft.problems);
  if (service !== undefined && !validator.isValidEntityName(service)) {
    warn(
      draft,
      `shuttle.yaml vars.service "${service}" is not a valid entity name; ${entity.metadata.name} is used instead`,
    );
    service = undefined;
  }
  annotateIfAbsent(draft, ANNOTATION_SHUTTLE_SERVICE, service);
  return service ?? entity.metadata.name;
}

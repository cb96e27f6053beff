import { EnrichDraft, hasDependency } from './draft';
import { isSwitchOn } from './vars';

/**
 * For vars.rabbitmq and vars.ingress: a dependency on the shared Resource
 * configured for each (`shuttle.resources`), unless that is turned off.
 */
export function applySharedResources(draft: EnrichDraft) {
  const { vars } = draft.file;
  const { resources } = draft.options;
  for (const [key, ref] of [
    ['rabbitmq', resources.rabbitmq],
    ['ingress', resources.ingress],
  ] as const) {
    if (ref && isSwitchOn(vars[key]) && !hasDependency(draft, ref)) {
      draft.dependsOn.push(ref);
    }
  }
}

import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { EnrichDraft, warn } from './draft';
import { validator } from './refs';

/** The owner ref a squad makes through the owner pattern; warns when none. */
export function ownerFromSquad(
  draft: EnrichDraft,
  squad: string,
): string | undefined {
  // A function, so that "$&" and the like in a squad are taken literally
  const ref = draft.options.ownerPattern.replace(/\{squad\}/g, () => squad);
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
  warn(
    draft,
    `shuttle.yaml vars.squad "${squad}" does not make a valid owner ("${ref}"); owner not derived`,
  );
  return undefined;
}

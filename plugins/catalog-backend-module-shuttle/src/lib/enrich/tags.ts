import { EnrichDraft, warn } from './draft';
import { validator } from './refs';

/** Adds vars.tags (a list or a comma-separated string) to the entity's tags. */
export function applyTags(draft: EnrichDraft) {
  for (const candidate of tagCandidates(draft)) {
    if (!candidate) {
      continue;
    }
    if (validator.isValidTag(candidate)) {
      draft.tags.add(candidate);
    } else {
      warn(
        draft,
        `shuttle.yaml tag "${candidate}" is not a valid catalog tag; it was ignored`,
      );
    }
  }
}

/** The tags as written, lower-cased; entries of the wrong shape warn. */
function tagCandidates(draft: EnrichDraft): string[] {
  const raw = draft.file.vars.tags;
  if (raw === undefined || raw === null) {
    return [];
  }
  let list: string[];
  if (typeof raw === 'string') {
    list = raw.split(',');
  } else if (Array.isArray(raw)) {
    list = [];
    for (const t of raw) {
      if (typeof t === 'string' || typeof t === 'number') {
        list.push(String(t));
      } else if (t !== null && t !== undefined) {
        warn(
          draft,
          `shuttle.yaml vars.tags has an entry that is ${describeEntry(
            t,
          )}, not a string; it was ignored`,
        );
      }
    }
  } else {
    warn(draft, 'shuttle.yaml vars.tags should be a list; it was ignored');
    return [];
  }
  return list.map(t => t.trim().toLocaleLowerCase('en-US'));
}

function describeEntry(t: unknown): string {
  if (Array.isArray(t)) {
    return 'a list';
  }
  return `a ${typeof t === 'object' ? 'map' : typeof t}`;
}

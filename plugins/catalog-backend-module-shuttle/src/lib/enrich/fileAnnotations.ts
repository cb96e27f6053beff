import {
  ANNOTATION_SHUTTLE_FILE,
  ANNOTATION_SHUTTLE_SCRIPTS,
  ANNOTATION_SHUTTLE_VARS,
} from '../../annotations';
import { annotateIfAbsent, EnrichDraft, warn } from './draft';

const MAX_VARS_ANNOTATION_CHARS = 8 * 1024;

/** Where the file is, its script names and its vars, for the Build card. */
export function applyFileAnnotations(draft: EnrichDraft) {
  const { file } = draft;
  annotateIfAbsent(draft, ANNOTATION_SHUTTLE_FILE, draft.fileRef);
  if (file.scriptNames.length > 0) {
    annotateIfAbsent(
      draft,
      ANNOTATION_SHUTTLE_SCRIPTS,
      file.scriptNames.join(','),
    );
  }
  annotateIfAbsent(draft, ANNOTATION_SHUTTLE_VARS, varsAnnotation(draft));
}

function varsAnnotation(draft: EnrichDraft): string | undefined {
  const { vars } = draft.file;
  const full = JSON.stringify(vars);
  if (full.length <= MAX_VARS_ANNOTATION_CHARS) {
    return full;
  }
  // Keep the short entries so the Build card still shows the useful ones.
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (JSON.stringify(value).length <= 200) {
      kept[key] = value;
    }
  }
  const partial = JSON.stringify(kept);
  warn(
    draft,
    'shuttle.yaml vars are too large to show in full; long values were left out',
  );
  return partial.length <= MAX_VARS_ANNOTATION_CHARS ? partial : undefined;
}

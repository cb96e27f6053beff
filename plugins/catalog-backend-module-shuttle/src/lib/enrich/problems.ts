import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_SHUTTLE_PROBLEMS, ShuttleProblem } from '../../annotations';

/**
 * Adds problems to an entity as the `lunar.app/shuttle-problems` annotation,
 * which the Build card shows. Not as a processing error: the catalog keeps an
 * entity with processing errors out (or frozen at its last good version), and
 * its policy rejects a `status` field set by a processor.
 */
export function addProblems(
  entity: Entity,
  problems: ShuttleProblem[],
): Entity {
  if (problems.length === 0) {
    return entity;
  }
  const annotations = { ...entity.metadata.annotations };
  let existing: ShuttleProblem[] = [];
  try {
    const parsed = JSON.parse(annotations[ANNOTATION_SHUTTLE_PROBLEMS] ?? '[]');
    existing = Array.isArray(parsed) ? parsed : [];
  } catch {
    existing = [];
  }
  annotations[ANNOTATION_SHUTTLE_PROBLEMS] = JSON.stringify([
    ...existing,
    ...problems,
  ]);
  return { ...entity, metadata: { ...entity.metadata, annotations } };
}

import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PERSONAL_DATA_FIELDS,
  ANNOTATION_PERSONAL_DATA_MESSAGES,
  ANNOTATION_PROTO_PROBLEM,
  TAG_PERSONAL_DATA,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';

/** What the processor found in one definition. */
export type Findings = {
  /** Absent when the definition could not be read at all. */
  personalData?: { fields: number; messages: string[] };
  problems: string[];
  /** The definition with the imports read beside it appended. */
  definition?: string;
};

// Annotation values are strings of any length, but a page of problems helps
// nobody: keep the first ones.
const MAX_PROBLEM_CHARS = 1000;

/** The entity with the findings as annotations, the tag, and the definition. */
export function annotate(entity: Entity, findings: Findings): Entity {
  const annotations = { ...entity.metadata.annotations };
  const tags = [...(entity.metadata.tags ?? [])];
  const { personalData, problems } = findings;
  if (personalData) {
    annotations[ANNOTATION_PERSONAL_DATA_FIELDS] = String(personalData.fields);
    if (personalData.messages.length > 0) {
      annotations[ANNOTATION_PERSONAL_DATA_MESSAGES] =
        personalData.messages.join(',');
    }
    if (personalData.fields > 0 && !tags.includes(TAG_PERSONAL_DATA)) {
      tags.push(TAG_PERSONAL_DATA);
    }
  }
  if (problems.length > 0) {
    const text = problems.join('; ');
    annotations[ANNOTATION_PROTO_PROBLEM] =
      text.length > MAX_PROBLEM_CHARS
        ? `${text.slice(0, MAX_PROBLEM_CHARS - 1)}…`
        : text;
  }
  return {
    ...entity,
    metadata: { ...entity.metadata, annotations, tags },
    spec: findings.definition
      ? { ...entity.spec, definition: findings.definition }
      : entity.spec,
  };
}

import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** The catalog's own rules for names and tags. */
export const validator = makeValidator();

/** Whether two refs name the same entity, however each is spelled. */
export function sameRef(a: string, b: string, defaultKind: string): boolean {
  try {
    const opts = { defaultKind, defaultNamespace: 'default' };
    return (
      stringifyEntityRef(parseEntityRef(a, opts)).toLocaleLowerCase('en-US') ===
      stringifyEntityRef(parseEntityRef(b, opts)).toLocaleLowerCase('en-US')
    );
  } catch {
    return a === b;
  }
}

/** The warning for a field where the two files disagree. */
export function disagreement(
  what: string,
  catalogSays: unknown,
  shuttleSays: string,
): string {
  return `${what} disagreement: catalog-info.yaml says ${catalogSays}, shuttle.yaml says ${shuttleSays}; catalog-info.yaml wins`;
}

/**
 * Several .proto files in one API definition.
 *
 * `spec.definition` is one string. A definition made of several files puts a
 * marker line before each file after the first, the way `head *.proto`
 * prints them (commented, so each part stays a valid .proto):
 *
 * ```
 * // ==> lunar/common/v1/money.proto <==
 * ```
 *
 * The text before the first marker is the API's own file. The catalog module
 * appends the imports it read beside the entity in this form.
 */

/** One file of a definition; `startLine` is its first line in the whole text (1-based). @public */
export type DefinitionFile = {
  name: string;
  text: string;
  startLine: number;
};

/** The name of the API's own file when the definition does not say. @public */
export const MAIN_FILE_NAME = 'definition.proto';

const MARKER = /^(?:\/\/\s*)?==>\s*(\S(?:.*\S)?)\s*<==\s*$/;

/** Splits a definition into its files. @public */
export function splitDefinitionFiles(definition: string): DefinitionFile[] {
  const lines = definition.split('\n');
  const files: DefinitionFile[] = [];
  let current: { name: string; start: number; lines: string[] } = {
    name: MAIN_FILE_NAME,
    start: 1,
    lines: [],
  };
  lines.forEach((line, index) => {
    const match = MARKER.exec(line.replace(/\r$/, ''));
    if (!match) {
      current.lines.push(line);
      return;
    }
    if (current.lines.some(l => l.trim() !== '') || files.length > 0) {
      files.push({
        name: current.name,
        text: current.lines.join('\n'),
        startLine: current.start,
      });
    }
    current = { name: match[1], start: index + 2, lines: [] };
  });
  files.push({
    name: current.name,
    text: current.lines.join('\n'),
    startLine: current.start,
  });
  return files;
}

/** Appends files to a definition with the marker lines. @public */
export function appendDefinitionFiles(
  definition: string,
  files: { name: string; text: string }[],
): string {
  if (files.length === 0) {
    return definition;
  }
  const parts = [definition.replace(/\n*$/, '')];
  for (const file of files) {
    parts.push(`// ==> ${file.name} <==`, file.text.replace(/\n*$/, ''));
  }
  return `${parts.join('\n')}\n`;
}

/** True when `path` (an import) names `fileName` (a file of the definition). @public */
export function importMatchesFile(path: string, fileName: string): boolean {
  const a = path.replace(/^\.?\//, '');
  const b = fileName.replace(/^\.?\//, '');
  return a === b || b.endsWith(`/${a}`) || a.endsWith(`/${b}`);
}

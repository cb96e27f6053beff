import { IParseOptions, parse, Root } from 'protobufjs';
import { DefinitionFile } from '../bundle';
import { ProtoParseError } from '../model';

// protobufjs ends its syntax errors with "(file.proto, line 4)". The line is
// not reliable: it lags behind after multi-line `//` comments in the comment
// mode that keeps them as descriptions, and it is the line before a token
// that was read ahead. Only the message before it is used.
const POSITION = / \((?:[^()]*, )?line \d+\)$/;
const TOKEN = /^illegal [\w ]+? '([^]*?)'/;

function errorOf(text: string, options: IParseOptions): string | undefined {
  try {
    parse(text, new Root(), options);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.replace(POSITION, '') : String(e);
  }
}

/**
 * Where in `text` the parser gives up with `message`: the shortest prefix of
 * the text that fails with the same message ends with the offending token
 * (a shorter one fails differently, at its end, or not at all). Binary
 * search, so about 20 parses even for a large file; only on errors.
 */
function offsetOf(text: string, message: string, options: IParseOptions) {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (errorOf(text.slice(0, mid), options) === message) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  const token = TOKEN.exec(message)?.[1];
  if (
    token &&
    token !== 'null' &&
    text.slice(hi - token.length, hi) === token
  ) {
    return hi - token.length;
  }
  // The end of the file, or a token the parser reported differently:
  // place it on the last thing before the end.
  const before = text.slice(0, hi).replace(/\s+$/, '');
  return Math.max(before.length - 1, 0);
}

/** Places a protobufjs error in the definition, with line and column. */
export function toParseError(
  error: unknown,
  file: DefinitionFile,
  options: IParseOptions,
): ProtoParseError {
  const raw = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError) {
    // protobufjs reads past the end of a file whose block is not closed.
    const before = file.text.replace(/\s+$/, '').split('\n');
    return {
      message: 'unexpected end of file: a block is not closed',
      file: file.name,
      line: before.length,
      column: before[before.length - 1].length + 1,
      definitionLine: file.startLine + before.length - 1,
    };
  }
  if (!POSITION.test(raw)) {
    // Not a syntax error (e.g. a duplicate name): no position to give.
    return { message: raw, file: file.name };
  }
  const message = raw.replace(POSITION, '');
  const offset = offsetOf(file.text, message, options);
  const before = file.text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  return {
    message,
    file: file.name,
    line,
    column,
    definitionLine: file.startLine + line - 1,
  };
}

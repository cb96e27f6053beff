import { parseDocument } from 'yaml';
import type { ShuttlePlanKind } from '../annotations';
import { readCapped } from './readCapped';
import { validateShuttleFile } from './shuttleFileSchema';
import { ShapeError, toPlainData } from './toPlainData';

export { classifyPlan } from './classifyPlan';

/** The parts of a shuttle.yaml that the catalog uses. @public */
export type ShuttleFile = {
  plan: { kind: ShuttlePlanKind; value?: string; ref?: string };
  vars: Record<string, unknown>;
  scriptNames: string[];
};

/** @public */
export type ShuttleParseResult =
  | { ok: true; file: ShuttleFile }
  | { ok: false; error: string };

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) {
    return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  }
  if (n >= 1024) {
    return `${(n / 1024).toFixed(1)} KiB`;
  }
  return `${n} bytes`;
}

/** The result for a file over the size cap, for callers that know the size before reading. */
export function tooLarge(
  size: number,
  maxFileBytes: number,
): ShuttleParseResult {
  return {
    ok: false,
    error: `shuttle.yaml is ${formatBytes(size)}, over the ${formatBytes(
      maxFileBytes,
    )} limit (shuttle.maxFileBytes); it was not read`,
  };
}

/** The result for a file found over the size cap while reading it. */
export function overCap(maxFileBytes: number): ShuttleParseResult {
  return {
    ok: false,
    error: `shuttle.yaml is over the ${formatBytes(
      maxFileBytes,
    )} limit (shuttle.maxFileBytes); reading stopped there`,
  };
}

/**
 * Reads a shuttle.yaml from a stream with the size cap enforced while
 * reading, then parses it. Throws only when the stream itself fails.
 */
export async function readShuttleYaml(
  chunks: AsyncIterable<Uint8Array | string>,
  options: { maxFileBytes: number },
): Promise<ShuttleParseResult> {
  const data = await readCapped(chunks, options.maxFileBytes);
  return data ? parseShuttleYaml(data, options) : overCap(options.maxFileBytes);
}

/**
 * Parses and validates the raw bytes of a shuttle.yaml. Never throws: every
 * problem comes back as a message meant for the person who owns the file.
 */
export function parseShuttleYaml(
  data: Buffer,
  options: { maxFileBytes: number },
): ShuttleParseResult {
  try {
    return parse(data, options);
  } catch (e) {
    // Nothing above should throw; if it does, it is this file's problem only.
    return {
      ok: false,
      error: `shuttle.yaml could not be read: ${(e as Error)?.message ?? e}`,
    };
  }
}

function parse(
  data: Buffer,
  options: { maxFileBytes: number },
): ShuttleParseResult {
  if (data.length > options.maxFileBytes) {
    return tooLarge(data.length, options.maxFileBytes);
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    const offset = firstInvalidUtf8Offset(data);
    let line = 1;
    for (let i = 0; i < offset; i++) {
      if (data[i] === 0x0a) {
        line++;
      }
    }
    return {
      ok: false,
      error: `shuttle.yaml is not valid UTF-8 (line ${line}, byte offset ${offset}); save it as UTF-8`,
    };
  }

  let parsed: unknown;
  try {
    const doc = parseDocument(text, {
      prettyErrors: true,
      uniqueKeys: true,
    });
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      const where = first.linePos?.[0]
        ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}`
        : '';
      return {
        ok: false,
        error: `shuttle.yaml is not valid YAML${where}: ${
          first.message.split('\n')[0]
        }`,
      };
    }
    // shuttle.yaml never needs many aliases; this stops "billion laughs" files
    parsed = toPlainData(doc.toJS({ maxAliasCount: 100 }));
  } catch (e) {
    if (e instanceof ShapeError) {
      return { ok: false, error: e.message };
    }
    return {
      ok: false,
      error: `shuttle.yaml is not valid YAML: ${(e as Error).message}`,
    };
  }

  return validateShuttleFile(parsed);
}

function firstInvalidUtf8Offset(data: Buffer): number {
  // Binary search for the shortest prefix that fails to decode.
  let lo = 0;
  let hi = data.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(
        data.subarray(0, mid + 1),
        { stream: true },
      );
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

import { parseDocument } from 'yaml';
import type { ShuttlePlanKind } from '../annotations';
import { readCapped } from './readCapped';
import { ShapeError, toPlainData } from './toPlainData';

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

const TOP_LEVEL_KEYS = ['plan', 'vars', 'scripts'];

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
 * Splits a plan value into kind, plan and ref. Git plans are URLs
 * (`git://git@host:path.git`, `https://host/path.git`, `ssh://...`,
 * `git@host:path`) with an optional `#branch|tag|sha`; anything else is a
 * local path.
 */
export function classifyPlan(plan: string): {
  kind: 'git' | 'local';
  value: string;
  ref?: string;
} {
  const trimmed = plan.trim();
  const isGit =
    /^(git|ssh|https?):\/\//i.test(trimmed) ||
    /^[\w.-]+@[\w.-]+:/.test(trimmed);
  if (!isGit) {
    return { kind: 'local', value: trimmed };
  }
  const hash = trimmed.indexOf('#');
  if (hash === -1) {
    return { kind: 'git', value: trimmed };
  }
  const ref = trimmed.slice(hash + 1).trim();
  return {
    kind: 'git',
    value: trimmed.slice(0, hash),
    ...(ref ? { ref } : {}),
  };
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

  if (parsed === null || parsed === undefined) {
    parsed = {};
  }
  if (!isMap(parsed)) {
    return {
      ok: false,
      error: `shuttle.yaml must be a map with the keys plan, vars and scripts, but it is ${describe(
        parsed,
      )}`,
    };
  }

  const unknown = Object.keys(parsed).filter(k => !TOP_LEVEL_KEYS.includes(k));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `shuttle.yaml has unknown top-level key${
        unknown.length > 1 ? 's' : ''
      } ${unknown
        .map(k => `"${k}"`)
        .join(', ')}; only plan, vars and scripts are allowed`,
    };
  }

  let plan: ShuttleFile['plan'];
  const rawPlan = parsed.plan;
  if (rawPlan === undefined || rawPlan === null || rawPlan === false) {
    plan = { kind: 'none' };
  } else if (typeof rawPlan === 'string') {
    if (!rawPlan.trim()) {
      return {
        ok: false,
        error:
          'shuttle.yaml "plan" is an empty string; use a git URL, a local path or false',
      };
    }
    plan = classifyPlan(rawPlan);
  } else {
    return {
      ok: false,
      error: `shuttle.yaml "plan" must be a git URL, a local path or false, but it is ${describe(
        rawPlan,
      )}`,
    };
  }

  const rawVars = parsed.vars;
  if (rawVars !== undefined && rawVars !== null && !isMap(rawVars)) {
    return {
      ok: false,
      error: `shuttle.yaml "vars" must be a map, but it is ${describe(
        rawVars,
      )}`,
    };
  }

  const rawScripts = parsed.scripts;
  if (rawScripts !== undefined && rawScripts !== null && !isMap(rawScripts)) {
    return {
      ok: false,
      error: `shuttle.yaml "scripts" must be a map of script names, but it is ${describe(
        rawScripts,
      )}`,
    };
  }

  return {
    ok: true,
    file: {
      plan,
      vars: (rawVars as Record<string, unknown>) ?? {},
      scriptNames: Object.keys(rawScripts ?? {}),
    },
  };
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a map';
  }
  if (typeof value === 'string') {
    return `the string "${
      value.length > 40 ? `${value.slice(0, 40)}…` : value
    }"`;
  }
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(
    value,
  )}`;
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

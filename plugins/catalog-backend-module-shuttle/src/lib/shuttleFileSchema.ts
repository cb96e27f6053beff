import { z } from 'zod';
import { classifyPlan } from './classifyPlan';
import type { ShuttleFile, ShuttleParseResult } from './parseShuttleYaml';

/** A value as the person who wrote the file would name it. */
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

function unknownKeys(keys: string[]): string {
  return `shuttle.yaml has unknown top-level key${
    keys.length > 1 ? 's' : ''
  } ${keys
    .map(k => `"${k}"`)
    .join(', ')}; only plan, vars and scripts are allowed`;
}

const planSchema = z
  .union([z.string(), z.literal(false), z.null()], {
    error: issue =>
      `shuttle.yaml "plan" must be a git URL, a local path or false, but it is ${describe(
        issue.input,
      )}`,
  })
  .optional()
  .refine(plan => typeof plan !== 'string' || plan.trim() !== '', {
    error:
      'shuttle.yaml "plan" is an empty string; use a git URL, a local path or false',
  })
  .transform((plan): ShuttleFile['plan'] =>
    typeof plan === 'string' ? classifyPlan(plan) : { kind: 'none' },
  );

/** A map of anything; absent or null is an empty map. */
const mapSchema = (mustBe: string) =>
  z
    .record(z.string(), z.unknown(), {
      error: issue =>
        `shuttle.yaml ${mustBe}, but it is ${describe(issue.input)}`,
    })
    .nullish()
    .transform(map => map ?? {});

const shuttleFileSchema = z.strictObject(
  {
    plan: planSchema,
    vars: mapSchema('"vars" must be a map'),
    scripts: mapSchema('"scripts" must be a map of script names'),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? unknownKeys(issue.keys)
        : `shuttle.yaml must be a map with the keys plan, vars and scripts, but it is ${describe(
            issue.input,
          )}`,
  },
);

/**
 * Checks the shape of a shuttle.yaml document (plain data) and takes out the
 * parts the catalog uses. An empty document is a planless file without vars.
 */
export function validateShuttleFile(document: unknown): ShuttleParseResult {
  const result = shuttleFileSchema.safeParse(document ?? {});
  if (!result.success) {
    // One message, the first the owner should fix: a problem of the whole
    // document (not a map, unknown keys) before those of plan, vars, scripts.
    const { issues } = result.error;
    const first = issues.find(i => i.path.length === 0) ?? issues[0];
    return { ok: false, error: first.message };
  }
  const { plan, vars, scripts } = result.data;
  return { ok: true, file: { plan, vars, scriptNames: Object.keys(scripts) } };
}

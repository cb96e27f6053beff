import { ShuttleProblem } from '../../annotations';

/** A var by its dotted path; a literal dotted key wins over nesting. */
function getVar(vars: Record<string, unknown>, dotted: string): unknown {
  if (dotted in vars) {
    return vars[dotted];
  }
  let current: unknown = vars;
  for (const part of dotted.split('.')) {
    if (typeof current !== 'object' || current === null) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Reads an optional string var; numbers are accepted, other shapes warn. */
export function stringVar(
  vars: Record<string, unknown>,
  key: string,
  problems: ShuttleProblem[],
): string | undefined {
  const value = getVar(vars, key);
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'string') {
    return value.trim() || undefined;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  problems.push({
    level: 'warning',
    message: `shuttle.yaml vars.${key} should be a string, but it is ${
      Array.isArray(value) ? 'a list' : 'a map'
    }; it was ignored`,
  });
  return undefined;
}

/** A feature switch is on for true, "true"/"yes"/"on", a name, or a non-empty map. */
export function isSwitchOn(value: unknown): boolean {
  if (value === undefined || value === null || value === false) {
    return false;
  }
  if (typeof value === 'string') {
    return !['', 'false', 'no', 'off', 'disabled', '0'].includes(
      value.trim().toLowerCase(),
    );
  }
  if (typeof value === 'number') {
    return value !== 0;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  if (typeof value === 'object') {
    const map = value as Record<string, unknown>;
    if ('enabled' in map) {
      return isSwitchOn(map.enabled);
    }
    return Object.keys(map).length > 0;
  }
  return value === true;
}

/** Deeper than any real shuttle.yaml; stops stack-hungry files early. */
export const MAX_DEPTH = 64;
/** Values after aliases are expanded; real files have a few hundred. */
export const MAX_VALUES = 100_000;

/** A shuttle.yaml whose shape cannot be turned into JSON data. */
export class ShapeError extends Error {}

type Plain =
  | null
  | boolean
  | number
  | string
  | Plain[]
  | { [k: string]: Plain };

function keyOf(key: unknown): string {
  if (typeof key === 'string') {
    return key;
  }
  const plain = toPlainData(key);
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}

/**
 * Copies what `yaml`'s toJS made into plain JSON data, so that everything
 * downstream (enrichment, the vars annotation, the catalog) only ever sees
 * strings, numbers, booleans, null, arrays and plain objects. YAML can make
 * more: self-referencing aliases (cycles), Date/Set/Map/Uint8Array through
 * YAML 1.1 tags, and nesting deep enough to overflow the stack. Those become
 * a ShapeError or their JSON form, never a throw somewhere later.
 */
export function toPlainData(value: unknown): Plain {
  let count = 0;
  const ancestors = new Map<object, string>();

  const walk = (v: unknown, where: string, depth: number): Plain => {
    if (++count > MAX_VALUES) {
      throw new ShapeError(
        `shuttle.yaml expands to more than ${MAX_VALUES} values (through aliases)`,
      );
    }
    if (v === null || v === undefined) {
      return null;
    }
    if (typeof v === 'string' || typeof v === 'boolean') {
      return v;
    }
    if (typeof v === 'number') {
      return Number.isFinite(v) ? v : String(v);
    }
    if (typeof v !== 'object') {
      return String(v);
    }
    if (v instanceof Date) {
      return Number.isNaN(v.getTime()) ? null : v.toISOString();
    }
    if (v instanceof Uint8Array) {
      return Buffer.from(v).toString('base64');
    }
    if (depth >= MAX_DEPTH) {
      throw new ShapeError(
        `shuttle.yaml is nested more than ${MAX_DEPTH} levels deep`,
      );
    }
    const outer = ancestors.get(v);
    if (outer !== undefined) {
      throw new ShapeError(
        `shuttle.yaml ${where} refers back to ${
          outer || 'the whole file'
        } through an alias; an alias cannot contain itself`,
      );
    }
    ancestors.set(v, where);
    try {
      const at = (k: string) => (where ? `${where}.${k}` : k);
      if (Array.isArray(v) || v instanceof Set) {
        return [...v].map((item, i) => walk(item, at(String(i)), depth + 1));
      }
      const entries =
        v instanceof Map ? [...v.entries()] : Object.entries(v as object);
      // fromEntries defines own properties: a "__proto__" key stays a key
      return Object.fromEntries(
        entries.map(([k, item]) => {
          const key = keyOf(k);
          return [key, walk(item, at(key), depth + 1)];
        }),
      );
    } finally {
      ancestors.delete(v);
    }
  };

  return walk(value, '', 0);
}

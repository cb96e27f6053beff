import { parseEntityRef } from '@backstage/catalog-model';

/** "2021-11-12 11:07 UTC": unambiguous across the squads' time zones. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, '')} UTC`;
}

const UNITS: [number, string][] = [
  [1440, 'day'],
  [60, 'hour'],
  [1, 'minute'],
];

/** 480 -> "8 hours", 43200 -> "30 days", 90 -> "1 hour 30 minutes". */
export function formatMinutes(minutes: number): string {
  const parts: string[] = [];
  let rest = minutes;
  for (const [size, word] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.join(' ') || '0 minutes';
}

/** "user:default/demo-developer" -> "demo-developer" (namespace kept when not default). */
export function shortRef(ref: string | null | undefined): string {
  if (!ref) {
    return '';
  }
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

/**
 * A filter value as the API wants it: a full entity ref. "anna" becomes
 * "user:default/anna"; a full ref is kept.
 */
export function toEntityRef(value: string, kind: string): string {
  const trimmed = value.trim();
  if (!trimmed) {
    return '';
  }
  try {
    const ref = parseEntityRef(trimmed, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
    return `${ref.kind.toLocaleLowerCase('en-US')}:${ref.namespace}/${
      ref.name
    }`;
  } catch {
    return trimmed;
  }
}

import { parseEntityRef } from '@backstage/catalog-model';
import {
  deadLetterServiceLabel,
  UNASSIGNED,
  UNOWNED,
} from '@internal/backstage-plugin-dead-letter-common';
import { Trends } from '../../api';

/** One coloured part of each day's bar: a squad, or a service of one squad. */
export type TrendStack = { key: string; label: string; counts: number[] };

/** Parts beyond this many are drawn as one "Other". */
const MAX_STACKS = 7;

/** "squad-gemini" for group:default/squad-gemini; the ref itself if odd. */
export function squadLabel(ref: string): string {
  if (ref === UNOWNED) {
    return 'unowned';
  }
  if (ref === UNASSIGNED) {
    return 'Unassigned';
  }
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

function addInto(target: number[], counts: number[]) {
  counts.forEach((c, i) => {
    target[i] = (target[i] ?? 0) + c;
  });
}

/** The squads that have dead letters in these days, most first. */
export function trendSquads(trends: Trends): { ref: string; total: number }[] {
  const totals = new Map<string, number>();
  for (const s of trends.series) {
    const ref = s.squad ?? UNOWNED;
    totals.set(ref, (totals.get(ref) ?? 0) + sum(s.counts));
  }
  return [...totals]
    .map(([ref, total]) => ({ ref, total }))
    .filter(s => s.total > 0)
    .sort((a, b) => b.total - a.total || a.ref.localeCompare(b.ref));
}

/**
 * The parts of each day's bar: per squad (all squads), or per service of
 * one squad; the biggest first, the rest summed up as "Other".
 */
export function trendStacks(trends: Trends, squad?: string): TrendStack[] {
  const groups = new Map<string, TrendStack>();
  for (const s of trends.series) {
    const owner = s.squad ?? UNOWNED;
    if (squad !== undefined && owner !== squad) {
      continue;
    }
    const key = squad === undefined ? owner : s.service;
    const label =
      squad === undefined
        ? squadLabel(owner)
        : deadLetterServiceLabel(s.service);
    const group = groups.get(key) ?? {
      key,
      label,
      counts: trends.days.map(() => 0),
    };
    addInto(group.counts, s.counts);
    groups.set(key, group);
  }
  const sorted = [...groups.values()]
    .filter(g => sum(g.counts) > 0)
    .sort(
      (a, b) => sum(b.counts) - sum(a.counts) || a.key.localeCompare(b.key),
    );
  if (sorted.length <= MAX_STACKS) {
    return sorted;
  }
  const other: TrendStack = {
    key: '\u0000other',
    label: 'Other',
    counts: trends.days.map(() => 0),
  };
  for (const g of sorted.slice(MAX_STACKS - 1)) {
    addInto(other.counts, g.counts);
  }
  return [...sorted.slice(0, MAX_STACKS - 1), other];
}

/** Each day's total over the stacks. */
export function dayTotals(days: string[], stacks: TrendStack[]): number[] {
  return days.map((_, i) => stacks.reduce((a, s) => a + (s.counts[i] ?? 0), 0));
}

import { StoredRelease } from '../types';

/** Whether two releases run the same code. */
export function sameRelease(a: StoredRelease, b: StoredRelease): boolean {
  if (a.artifactId === b.artifactId) {
    return true;
  }
  if (a.sha && b.sha) {
    return a.sha.startsWith(b.sha) || b.sha.startsWith(a.sha);
  }
  return false;
}

export interface RawDriftPair {
  environment: string;
  aheadEnvironment: string;
  behind: StoredRelease;
  ahead: StoredRelease;
  behindSince: number;
}

/**
 * Every pair (earlier environment i, later environment j) where j runs
 * something other than i and has not moved past it.
 *
 * `history` holds each environment's releases that did not fail, newest first.
 */
export function computeDriftPairs(options: {
  environments: string[];
  current: Map<string, StoredRelease | undefined>;
  history: Map<string, StoredRelease[]>;
}): RawDriftPair[] {
  const { environments, current, history } = options;
  const pairs: RawDriftPair[] = [];

  for (let j = 1; j < environments.length; j++) {
    const behind = current.get(environments[j]);
    if (!behind) {
      continue;
    }
    const behindHistory = history.get(environments[j]) ?? [];
    for (let i = 0; i < j; i++) {
      const ahead = current.get(environments[i]);
      if (!ahead || sameRelease(ahead, behind)) {
        continue;
      }
      const aheadHistory = history.get(environments[i]) ?? [];
      const aheadRanBehind = aheadHistory.some(r => sameRelease(r, behind));
      const behindRanAhead = behindHistory.some(
        r => r.id !== behind.id && sameRelease(r, ahead),
      );
      // j ran what i runs now, moved on, and i never ran j's: j is ahead of i
      // (unless j went back to an older release).
      if (behindRanAhead && !aheadRanBehind && behind.intent !== 'rollback') {
        continue;
      }
      pairs.push({
        environment: environments[j],
        aheadEnvironment: environments[i],
        behind,
        ahead,
        behindSince: behindSince(aheadHistory, behind),
      });
    }
  }
  return pairs;
}

/**
 * When the ahead environment first moved past what the behind one runs now:
 * its first release after it last ran that; when it never ran it, its first
 * release after the behind environment got its current one.
 */
function behindSince(aheadHistory: StoredRelease[], behind: StoredRelease) {
  const index = aheadHistory.findIndex(r => sameRelease(r, behind));
  if (index > 0) {
    return aheadHistory[index - 1].releasedAt;
  }
  const later = aheadHistory.filter(r => r.releasedAt > behind.releasedAt);
  if (later.length > 0) {
    return later[later.length - 1].releasedAt;
  }
  // The behind environment changed last (say, a hotfix straight to prod).
  return behind.releasedAt;
}

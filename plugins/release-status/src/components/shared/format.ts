import { Entity } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { GITHUB_PROJECT_SLUG_ANNOTATION } from '@internal/backstage-plugin-release-status-common';
import type { DriftPair, Release, ReleaseIntent } from '../../api';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** A coarse duration the way people say it: "3 days", "5 hours", "12 minutes". */
export function formatDuration(ms: number): string {
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return plural(Math.floor(ms / HOUR), 'hour');
  if (ms >= MINUTE) return plural(Math.floor(ms / MINUTE), 'minute');
  return 'less than a minute';
}

/**
 * "prod is 3 days and 12 commits behind dev", or, when the backend could not
 * count commits (no GitHub token or repository), "prod is 3 days behind dev".
 */
export function driftSentence(pair: DriftPair): string {
  const age = formatDuration(pair.ageMs);
  if (!pair.artifactId) {
    return `${pair.environment} has no release yet; ${pair.aheadEnvironment} has had one for ${age}`;
  }
  const commits =
    pair.commitsAvailable && typeof pair.commitCount === 'number'
      ? ` and ${plural(pair.commitCount, 'commit')}`
      : '';
  return `${pair.environment} is ${age}${commits} behind ${pair.aheadEnvironment}`;
}

const intentLabels: Record<ReleaseIntent, string> = {
  release: 'release',
  promote: 'promote',
  rollback: 'rollback',
  autoRelease: 'auto release',
  unknown: 'unknown',
};

export function intentLabel(intent: ReleaseIntent | undefined): string {
  return intent ? intentLabels[intent] ?? intent : '';
}

/** The application sha of a release; the artifact id carries ten characters of it. */
export function releaseSha(
  release: Pick<Release, 'sha' | 'artifactId'>,
): string | undefined {
  if (release.sha) return release.sha;
  // `<branch>-<app sha10>-<plan sha10>`; the branch may itself contain dashes.
  const parts = release.artifactId.split('-');
  return parts.length >= 3 ? parts[parts.length - 2] : undefined;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * Where the commit of a release can be seen: the commit URL the backend
 * recorded (it knows the configured GitHub host), else GitHub from the
 * entity's project slug, else the build.
 */
export function commitUrl(
  release: Pick<Release, 'sha' | 'artifactId' | 'commitUrl' | 'buildUrl'>,
  entity?: Entity,
): string | undefined {
  if (release.commitUrl) {
    return release.commitUrl;
  }
  const slug = entity?.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION];
  const sha = releaseSha(release);
  if (slug && sha) {
    return `https://github.com/${slug}/commit/${sha}`;
  }
  return release.buildUrl;
}

export function relativeTime(iso: string): string {
  return DateTime.fromISO(iso).toRelative() ?? iso;
}

export function absoluteTime(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_MED);
}

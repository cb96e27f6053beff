import {
  ReleaseIntent,
  ReleaseManagerEnvironmentStatus,
  ReleaseManagerRelease,
  ReleaseRecord,
  Vulnerabilities,
} from '../types';

const ARTIFACT_ID = /^(.+)-([0-9a-f]{7,40})-([0-9a-f]{7,40})$/i;

/**
 * Splits `<branch>-<app sha10>-<plan sha10>`; the branch may itself contain
 * dashes. Other artifact ids give nothing.
 */
export function parseArtifactId(
  artifactId: string,
): { branch: string; sha: string; planSha: string } | undefined {
  const match = ARTIFACT_ID.exec(artifactId);
  if (!match) {
    return undefined;
  }
  return { branch: match[1], sha: match[2].toLowerCase(), planSha: match[3] };
}

/** The release manager's intent types, in our words. */
export function toIntent(type: string | undefined): ReleaseIntent {
  switch (type) {
    case 'ReleaseArtifact':
    case 'ReleaseBranch':
      return 'release';
    case 'Promote':
      return 'promote';
    case 'Rollback':
      return 'rollback';
    case 'AutoRelease':
      return 'autoRelease';
    default:
      return 'unknown';
  }
}

function count(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * Sum of the snyk stages' findings; stages may be missing altogether, and
 * then there are no figures (undefined), which is not the same as none found.
 */
export function vulnerabilitiesOf(
  stages: NonNullable<ReleaseManagerRelease['artifact']>['stages'],
): Vulnerabilities | undefined {
  let result: Required<Vulnerabilities> | undefined;
  for (const stage of stages ?? []) {
    const v = stage?.data?.vulnerabilities;
    if (v && typeof v === 'object') {
      result ??= { high: 0, medium: 0, low: 0, critical: 0 };
      result.high += count(v.high);
      result.medium += count(v.medium);
      result.low += count(v.low);
      result.critical += count(v.critical);
    }
  }
  return result;
}

/** A valid epoch-ms time from an RFC 3339 string; Go's zero time is none. */
export function parseTime(value: string | undefined): number | undefined {
  if (!value) {
    return undefined;
  }
  const ms = Date.parse(value);
  // Go marshals an unset time.Time as 0001-01-01T00:00:00Z.
  return Number.isFinite(ms) && ms > Date.UTC(2000, 0, 1) ? ms : undefined;
}

/** A `/describe/release` entry as a record; undefined when it lacks the key. */
export function fromDescribedRelease(
  service: string,
  environment: string,
  release: ReleaseManagerRelease,
): ReleaseRecord | undefined {
  const artifact = release.artifact ?? {};
  const artifactId = artifact.id;
  const releasedAt = parseTime(release.releasedAt);
  if (!artifactId || releasedAt === undefined) {
    return undefined;
  }
  const app = artifact.application ?? {};
  const parsed = parseArtifactId(artifactId);
  return {
    service,
    environment,
    artifactId,
    releasedAt,
    releasedAtExact: true,
    source: 'release-manager',
    sha: app.sha || parsed?.sha,
    branch: app.branch || parsed?.branch,
    namespace: artifact.namespace,
    squad: artifact.squad,
    releasedBy: release.releasedByName,
    releasedByEmail: release.releasedByEmail,
    author: app.authorName,
    authorEmail: app.authorEmail,
    committer: app.committerName,
    committerEmail: app.committerEmail,
    message: app.message,
    buildUrl: artifact.ci?.jobUrl,
    repositoryUrl: app.url,
    vulnerabilities: vulnerabilitiesOf(artifact.stages),
    intent: toIntent(release.intent?.type),
  };
}

/**
 * A `/status` entry as a record. `date` is when the build ended, not when it
 * was released, so the release time is when we first saw it there.
 */
export function fromStatusEnvironment(
  service: string,
  status: ReleaseManagerEnvironmentStatus,
  observedAt: number,
): ReleaseRecord | undefined {
  if (!status.name || !status.tag) {
    return undefined;
  }
  const parsed = parseArtifactId(status.tag);
  return {
    service,
    environment: status.name,
    artifactId: status.tag,
    releasedAt: observedAt,
    source: 'release-manager',
    sha: parsed?.sha,
    branch: parsed?.branch,
    author: status.author,
    committer: status.committer,
    message: status.message,
    buildUrl: status.buildUrl,
    vulnerabilities: [
      status.highVulnerabilities,
      status.mediumVulnerabilities,
      status.lowVulnerabilities,
    ].some(v => v !== undefined)
      ? {
          high: count(status.highVulnerabilities),
          medium: count(status.mediumVulnerabilities),
          low: count(status.lowVulnerabilities),
        }
      : undefined,
  };
}

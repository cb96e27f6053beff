import { InputError } from '@backstage/errors';
import { ReleaseRecord } from '../types';

/**
 * Longest value of each string column of `releases` (see the migration);
 * `message` and `repositoryUrl` are text. The OpenAPI spec declares the same.
 */
export const FIELD_LIMITS = {
  service: 255,
  environment: 255,
  artifactId: 255,
  sha: 64,
  branch: 255,
  namespace: 255,
  squad: 255,
  releasedBy: 255,
  releasedByEmail: 255,
  author: 255,
  authorEmail: 255,
  committer: 255,
  committerEmail: 255,
} as const;

const REQUIRED = ['service', 'environment', 'artifactId'] as const;
const TEXT = ['message', 'buildUrl', 'repositoryUrl'] as const;
const INTENTS = ['release', 'promote', 'rollback', 'autoRelease', 'unknown'];
const SOURCES = ['amqp', 'release-manager', 'ingest'];
const MAX_INTEGER = 2_147_483_647;

/** True for an absolute http(s) URL: links we show must not run script. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function checkString(record: ReleaseRecord, field: keyof ReleaseRecord) {
  const value = record[field];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new InputError(`'${field}' must be a string, not ${typeof value}`);
  }
  return value as string | undefined | null;
}

/**
 * Throws an InputError when the record can never be stored: a missing key,
 * a wrong type, a value longer than its column, a release time further in the
 * future than the clock skew allows, a build link that is not http(s).
 */
export function checkReleaseRecord(
  record: ReleaseRecord,
  options: { now: number; maxClockSkewMs: number },
): void {
  for (const field of REQUIRED) {
    if (!checkString(record, field)?.trim()) {
      throw new InputError(`'${field}' is missing`);
    }
  }
  for (const [field, limit] of Object.entries(FIELD_LIMITS)) {
    const value = checkString(record, field as keyof ReleaseRecord);
    if (value && value.length > limit) {
      throw new InputError(
        `'${field}' is longer than ${limit} characters (${value.length})`,
      );
    }
  }
  TEXT.forEach(field => checkString(record, field));
  if (record.buildUrl && !isHttpUrl(record.buildUrl)) {
    throw new InputError(
      `'buildUrl' must be an http(s) URL, got '${record.buildUrl.slice(
        0,
        100,
      )}'`,
    );
  }

  const { releasedAt } = record;
  if (typeof releasedAt !== 'number' || !Number.isFinite(releasedAt)) {
    throw new InputError(`'releasedAt' is not a time`);
  }
  if (releasedAt > options.now + options.maxClockSkewMs) {
    throw new InputError(
      `'releasedAt' ${new Date(
        releasedAt,
      ).toISOString()} is in the future (more than ${Math.round(
        options.maxClockSkewMs / 1000,
      )}s ahead of ${new Date(options.now).toISOString()})`,
    );
  }

  if (record.intent !== undefined && !INTENTS.includes(record.intent)) {
    throw new InputError(`Unknown intent '${record.intent}'`);
  }
  if (!SOURCES.includes(record.source)) {
    throw new InputError(`Unknown source '${record.source}'`);
  }
  checkVulnerabilities(record.vulnerabilities);
}

function checkVulnerabilities(vulnerabilities: unknown) {
  if (vulnerabilities === undefined) {
    return;
  }
  if (
    typeof vulnerabilities !== 'object' ||
    vulnerabilities === null ||
    Array.isArray(vulnerabilities)
  ) {
    throw new InputError(
      `'vulnerabilities' must be an object of counts by severity ({ critical, high, medium, low }), got ${describe(
        vulnerabilities,
      )}`,
    );
  }
  for (const [level, count] of Object.entries(vulnerabilities)) {
    if (
      typeof count !== 'number' ||
      !Number.isInteger(count) ||
      count < 0 ||
      count > MAX_INTEGER
    ) {
      throw new InputError(
        `vulnerabilities.${level} must be a whole number from 0 to ${MAX_INTEGER}, got ${describe(
          count,
        )}`,
      );
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return `the string '${value.slice(0, 40)}'`;
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return value === null || typeof value !== 'object'
    ? String(value)
    : 'an object';
}

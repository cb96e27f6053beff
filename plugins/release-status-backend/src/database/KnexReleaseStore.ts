import {
  DatabaseService,
  isDatabaseConflictError,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  ReleaseRecord,
  ReleaseStore,
  StoredRelease,
  Vulnerabilities,
} from '../types';
import { checkReleaseRecord } from './checkReleaseRecord';

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-release-status-backend',
  'migrations',
);

type Row = {
  id: string | number;
  service: string;
  environment: string;
  artifact_id: string;
  released_at: string | number;
  released_at_exact: boolean | number;
  sha: string | null;
  branch: string | null;
  namespace: string | null;
  squad: string | null;
  released_by: string | null;
  released_by_email: string | null;
  author: string | null;
  author_email: string | null;
  committer: string | null;
  committer_email: string | null;
  message: string | null;
  build_url: string | null;
  repository_url: string | null;
  vulnerabilities_high: number;
  vulnerabilities_medium: number;
  vulnerabilities_low: number;
  vulnerabilities_critical: number;
  vulnerabilities_reported: boolean | number;
  intent: string;
  source: string;
  failed: boolean | number;
  recorded_at: string | number;
  updated_at: string | number;
};

/** Columns a later source may fill in when the first one left them empty. */
const FILLABLE: Array<[keyof ReleaseRecord, keyof Row]> = [
  ['branch', 'branch'],
  ['namespace', 'namespace'],
  ['squad', 'squad'],
  ['releasedBy', 'released_by'],
  ['releasedByEmail', 'released_by_email'],
  ['author', 'author'],
  ['authorEmail', 'author_email'],
  ['committer', 'committer'],
  ['committerEmail', 'committer_email'],
  ['message', 'message'],
  ['buildUrl', 'build_url'],
  ['repositoryUrl', 'repository_url'],
];

export async function applyMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

export async function revertMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ directory: migrationsDir }, true);
}

function orNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function toStored(row: Row): StoredRelease {
  const optional = (v: string | null) => (v === null ? undefined : v);
  return {
    id: String(row.id),
    service: row.service,
    environment: row.environment,
    artifactId: row.artifact_id,
    releasedAt: Number(row.released_at),
    sha: optional(row.sha),
    branch: optional(row.branch),
    namespace: optional(row.namespace),
    squad: optional(row.squad),
    releasedBy: optional(row.released_by),
    releasedByEmail: optional(row.released_by_email),
    author: optional(row.author),
    authorEmail: optional(row.author_email),
    committer: optional(row.committer),
    committerEmail: optional(row.committer_email),
    message: optional(row.message),
    buildUrl: optional(row.build_url),
    repositoryUrl: optional(row.repository_url),
    vulnerabilities: {
      high: Number(row.vulnerabilities_high),
      medium: Number(row.vulnerabilities_medium),
      low: Number(row.vulnerabilities_low),
      critical: Number(row.vulnerabilities_critical),
    },
    vulnerabilitiesReported: Boolean(row.vulnerabilities_reported),
    intent: row.intent as StoredRelease['intent'],
    source: row.source as StoredRelease['source'],
    failed: Boolean(row.failed),
  };
}

/** The fields a later source adds to an existing row, never overwriting data. */
function mergeUpdate(existing: Row, incoming: ReleaseRecord): Partial<Row> {
  const update: Partial<Row> = {};
  for (const [field, column] of FILLABLE) {
    const value = incoming[field];
    if (existing[column] === null && typeof value === 'string' && value) {
      (update as Record<string, unknown>)[column] = value;
    }
  }
  // A full sha beats the ten characters of an artifact id.
  if (
    incoming.sha &&
    (!existing.sha ||
      (incoming.sha.length > existing.sha.length &&
        incoming.sha.startsWith(existing.sha)))
  ) {
    update.sha = incoming.sha;
  }
  // Figures fill a row that had none; a row with findings keeps them.
  const v = incoming.vulnerabilities;
  if (
    v &&
    (!existing.vulnerabilities_reported ||
      (totalOf(v) > 0 &&
        totalOf({
          high: Number(existing.vulnerabilities_high),
          medium: Number(existing.vulnerabilities_medium),
          low: Number(existing.vulnerabilities_low),
          critical: Number(existing.vulnerabilities_critical),
        }) === 0))
  ) {
    update.vulnerabilities_high = v.high;
    update.vulnerabilities_medium = v.medium;
    update.vulnerabilities_low = v.low;
    update.vulnerabilities_critical = v.critical ?? 0;
    update.vulnerabilities_reported = true;
  }
  if (
    existing.intent === 'unknown' &&
    incoming.intent &&
    incoming.intent !== 'unknown'
  ) {
    update.intent = incoming.intent;
  }
  if (incoming.failed && !existing.failed) {
    update.failed = true;
  }
  // The release manager's own release time is authoritative; an event only
  // carries the time it was received.
  if (incoming.releasedAtExact && !existing.released_at_exact) {
    update.released_at = incoming.releasedAt;
    update.released_at_exact = true;
  }
  return update;
}

function totalOf(v: Vulnerabilities): number {
  return v.high + v.medium + v.low + (v.critical ?? 0);
}

/** Which service and environment a stored change concerns, and when it ran. */
export type ReleaseChange = {
  service: string;
  environment: string;
  releasedAt?: number;
};

export class KnexReleaseStore implements ReleaseStore {
  static async create(options: {
    database: DatabaseService;
    dedupeWindowMs: number;
    maxClockSkewMs?: number;
    /** The clock for "in the future". Default: Date.now. */
    now?: () => number;
    /** Called once per newly stored release (not for merges). */
    onCreated?: (release: StoredRelease) => Promise<void>;
    /**
     * Called after any stored change of what a service runs or its figures
     * (a new release, a merge that filled in data, a release marked failed).
     */
    onChanged?: (change: ReleaseChange) => Promise<void>;
  }): Promise<KnexReleaseStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applyMigrations(knex);
    }
    return new KnexReleaseStore(knex, options.dedupeWindowMs, options);
  }

  constructor(
    private readonly knex: Knex,
    private readonly dedupeWindowMs: number,
    private readonly options: {
      /** How far in the future a release time may be. Default: 5 minutes. */
      maxClockSkewMs?: number;
      now?: () => number;
      onCreated?: (release: StoredRelease) => Promise<void>;
      onChanged?: (change: ReleaseChange) => Promise<void>;
    } = {},
  ) {}

  async record(
    release: ReleaseRecord,
  ): Promise<{ created: boolean; release: StoredRelease }> {
    // Every source goes through here: refuse what can never be stored before
    // the database does (SQLite would store an overlong value as it is).
    checkReleaseRecord(release, {
      now: (this.options.now ?? Date.now)(),
      maxClockSkewMs: this.options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
    });
    let result;
    try {
      result = await this.recordOnce(release);
    } catch (error) {
      // Two sources raced to insert the same release: the second one merges.
      if (!isDatabaseConflictError(error)) {
        throw error;
      }
      result = await this.recordOnce(release);
    }
    if (result.created) {
      await this.options.onCreated?.(result.release);
    }
    if (result.created || result.updated) {
      await this.options.onChanged?.(result.release);
    }
    return { created: result.created, release: result.release };
  }

  private async recordOnce(
    release: ReleaseRecord,
  ): Promise<{ created: boolean; updated?: boolean; release: StoredRelease }> {
    return this.knex.transaction(async tx => {
      const candidates: Row[] = await tx<Row>('releases')
        .where({
          service: release.service,
          environment: release.environment,
          artifact_id: release.artifactId,
        })
        .whereBetween('released_at', [
          release.releasedAt - this.dedupeWindowMs,
          release.releasedAt + this.dedupeWindowMs,
        ]);
      const existing = candidates
        // Two exact times that differ are two releases of the same artifact.
        .filter(
          c =>
            !(
              release.releasedAtExact &&
              c.released_at_exact &&
              Number(c.released_at) !== release.releasedAt
            ),
        )
        .sort(
          (a, b) =>
            Math.abs(Number(a.released_at) - release.releasedAt) -
            Math.abs(Number(b.released_at) - release.releasedAt),
        )[0];

      if (existing) {
        const update = mergeUpdate(existing, release);
        if (Object.keys(update).length === 0) {
          return { created: false, release: toStored(existing) };
        }
        update.updated_at = Date.now();
        await tx('releases').where({ id: existing.id }).update(update);
        return {
          created: false,
          updated: true,
          release: toStored({ ...existing, ...update } as Row),
        };
      }

      const now = Date.now();
      const row: Omit<Row, 'id'> = {
        service: release.service,
        environment: release.environment,
        artifact_id: release.artifactId,
        released_at: release.releasedAt,
        released_at_exact: release.releasedAtExact ?? false,
        sha: orNull(release.sha),
        branch: orNull(release.branch),
        namespace: orNull(release.namespace),
        squad: orNull(release.squad),
        released_by: orNull(release.releasedBy),
        released_by_email: orNull(release.releasedByEmail),
        author: orNull(release.author),
        author_email: orNull(release.authorEmail),
        committer: orNull(release.committer),
        committer_email: orNull(release.committerEmail),
        message: orNull(release.message),
        build_url: orNull(release.buildUrl),
        repository_url: orNull(release.repositoryUrl),
        vulnerabilities_high: release.vulnerabilities?.high ?? 0,
        vulnerabilities_medium: release.vulnerabilities?.medium ?? 0,
        vulnerabilities_low: release.vulnerabilities?.low ?? 0,
        vulnerabilities_critical: release.vulnerabilities?.critical ?? 0,
        vulnerabilities_reported: release.vulnerabilities !== undefined,
        intent: release.intent ?? 'unknown',
        source: release.source,
        failed: release.failed ?? false,
        recorded_at: now,
        updated_at: now,
      };
      const [inserted] = await tx('releases').insert(row, ['id']);
      const id = typeof inserted === 'object' ? inserted.id : inserted;
      return { created: true, release: toStored({ ...row, id } as Row) };
    });
  }

  async markFailed(options: {
    environment: string;
    artifactId: string;
    service?: string;
  }): Promise<boolean> {
    const query = this.knex<Row>('releases')
      .where({
        environment: options.environment,
        artifact_id: options.artifactId,
      })
      .orderBy('released_at', 'desc')
      .first();
    if (options.service) {
      query.andWhere({ service: options.service });
    }
    const row = await query;
    if (!row) {
      return false;
    }
    await this.knex('releases')
      .where({ id: row.id })
      .update({ failed: true, updated_at: Date.now() });
    await this.options.onChanged?.({
      service: row.service,
      environment: row.environment,
      releasedAt: Number(row.released_at),
    });
    return true;
  }

  async current(
    service: string,
    environment: string,
    options?: { at?: number },
  ): Promise<StoredRelease | undefined> {
    const query = this.knex<Row>('releases').where({
      service,
      environment,
      failed: false,
    });
    if (options?.at !== undefined) {
      query.andWhere('released_at', '<=', options.at);
    }
    const row = await query
      .orderBy([
        { column: 'released_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? toStored(row) : undefined;
  }

  async listReleasedPairs(): Promise<
    Array<{ service: string; environment: string }>
  > {
    return this.knex<Row>('releases')
      .distinct('service', 'environment')
      .orderBy(['service', 'environment']);
  }

  async history(
    service: string,
    options: { environment?: string; limit: number },
  ): Promise<StoredRelease[]> {
    const query = this.knex<Row>('releases')
      .where({ service })
      .orderBy([
        { column: 'released_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.environment) {
      query.andWhere({ environment: options.environment });
    }
    const rows: Row[] = await query;
    return rows.map(toStored);
  }
}

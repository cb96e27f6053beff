import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ReleaseIntent,
  ReleaseSource,
  Vulnerabilities,
} from '@internal/backstage-plugin-release-status-common';

export type { ReleaseIntent, ReleaseSource, Vulnerabilities };

/** A release as a source reports it; every field but the key may be missing. */
export interface ReleaseRecord {
  service: string;
  environment: string;
  artifactId: string;
  /** Epoch milliseconds. */
  releasedAt: number;
  /**
   * True when releasedAt is the release manager's own record of the release;
   * otherwise it is when a source saw it, and an exact time replaces it.
   */
  releasedAtExact?: boolean;
  source: ReleaseSource;
  sha?: string;
  branch?: string;
  namespace?: string;
  squad?: string;
  releasedBy?: string;
  releasedByEmail?: string;
  author?: string;
  authorEmail?: string;
  committer?: string;
  committerEmail?: string;
  message?: string;
  buildUrl?: string;
  /** Web URL of the application's repository, when a source knows it. */
  repositoryUrl?: string;
  vulnerabilities?: Vulnerabilities;
  intent?: ReleaseIntent;
  failed?: boolean;
}

/** A release as stored: one row per release, whichever sources saw it. */
export interface StoredRelease
  extends Omit<
    ReleaseRecord,
    'vulnerabilities' | 'intent' | 'failed' | 'releasedAtExact'
  > {
  id: string;
  /** Every severity, 0 where nothing was sent. */
  vulnerabilities: Required<Vulnerabilities>;
  /** Whether any source sent vulnerability figures for the release. */
  vulnerabilitiesReported: boolean;
  intent: ReleaseIntent;
  failed: boolean;
}

/** Storage of releases. */
export interface ReleaseStore {
  /**
   * Stores a release once: a record of the same service, environment and
   * artifact within the dedupe window is merged into the existing row.
   * Throws an InputError for a record that can never be stored (overlong or
   * mistyped fields, a time in the future, a build link that is not http(s)).
   */
  record(
    release: ReleaseRecord,
  ): Promise<{ created: boolean; release: StoredRelease }>;
  /** Marks the newest matching release failed; false when none matched. */
  markFailed(options: {
    environment: string;
    artifactId: string;
    service?: string;
  }): Promise<boolean>;
  /**
   * What the environment runs now: its newest release that did not fail;
   * with `at` (epoch ms), what it ran then.
   */
  current(
    service: string,
    environment: string,
    options?: { at?: number },
  ): Promise<StoredRelease | undefined>;
  /** Every service and environment with a release. */
  listReleasedPairs(): Promise<Array<{ service: string; environment: string }>>;
  /** Releases newest first. */
  history(
    service: string,
    options: { environment?: string; limit: number },
  ): Promise<StoredRelease[]>;
}

/** High and critical findings of what runs in an environment on one UTC day. */
export interface SecuritySnapshot {
  service: string;
  environment: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  high: number;
  critical: number;
  /** False when what ran there carried no vulnerability figures. */
  reported: boolean;
  artifactId?: string;
}

/** The daily security figures, one row per service, environment and day. */
export interface SecuritySnapshotStore {
  /** Records (or replaces) the day's figure of a service in an environment. */
  put(snapshot: SecuritySnapshot): Promise<void>;
  /**
   * For each service, its latest snapshot in the environment before `day`
   * (the figure at the end of the previous day it was known).
   */
  latestBefore(
    services: string[],
    environment: string,
    day: string,
  ): Promise<Map<string, SecuritySnapshot>>;
  /** The days with a figure from `fromDay` up to before `beforeDay`. */
  daysBetween(
    service: string,
    environment: string,
    fromDay: string,
    beforeDay: string,
  ): Promise<string[]>;
  /** Drops the days before `day` (YYYY-MM-DD); returns how many rows went. */
  deleteBefore(day: string): Promise<number>;
}

/** A commit between two shas. */
export interface CompareCommit {
  sha: string;
  message: string;
  author?: string;
  url?: string;
}

/** The commits the base lacks compared with the head. */
export interface CompareResult {
  aheadBy: number;
  commits: CompareCommit[];
  htmlUrl?: string;
}

/** GitHub's compare API, behind our own interface. */
export interface CommitComparer {
  /** Whether a token is configured; without one nothing is fetched. */
  readonly enabled: boolean;
  readonly webBaseUrl: string;
  compare(options: {
    repository: string;
    base: string;
    head: string;
  }): Promise<CompareResult>;
}

/** What the scheduled backfill last heard from the release manager. */
export interface ReleaseManagerContact {
  /** Epoch ms of the last backfill that reached it. */
  lastReachedAt?: number;
  /** Its last failure (epoch ms), kept after later successes. */
  lastError?: { message: string; at: number };
}

/** Where the backfill records its contacts, shared by every replica. */
export interface ReleaseManagerContactStore {
  recordReached(at: number): Promise<void>;
  recordFailure(message: string, at: number): Promise<void>;
  get(): Promise<ReleaseManagerContact>;
}

/** The release manager's HTTP API (`hamctl`'s server), as we read it. */
export interface ReleaseManagerApi {
  /** `GET /status?service=`: environments with something released. */
  status(service: string): Promise<ReleaseManagerEnvironmentStatus[]>;
  /** `GET /describe/release/{service}/{environment}?count=`, newest first. */
  describeReleases(
    service: string,
    environment: string,
    count: number,
  ): Promise<ReleaseManagerRelease[]>;
}

/** One entry of the release manager's `/status`: fields are omitted when empty. */
export interface ReleaseManagerEnvironmentStatus {
  name?: string;
  tag?: string;
  committer?: string;
  author?: string;
  message?: string;
  /** Epoch ms of the build's end, not of the release. */
  date?: number;
  buildUrl?: string;
  highVulnerabilities?: number;
  mediumVulnerabilities?: number;
  lowVulnerabilities?: number;
}

/** One release of `/describe/release`: fields are omitted when empty. */
export interface ReleaseManagerRelease {
  releaseIndex?: number;
  releasedAt?: string;
  releasedByEmail?: string;
  releasedByName?: string;
  intent?: { type?: string };
  artifact?: {
    id?: string;
    service?: string;
    namespace?: string;
    squad?: string;
    application?: {
      branch?: string;
      sha?: string;
      authorName?: string;
      authorEmail?: string;
      committerName?: string;
      committerEmail?: string;
      message?: string;
      name?: string;
      url?: string;
      provider?: string;
    };
    ci?: { jobUrl?: string; start?: string; end?: string };
    stages?: Array<{ id?: string; name?: string; data?: any }>;
  };
}

/** Who is asking, for catalog look-ups on their behalf. */
export type RequestContext = { credentials?: BackstageCredentials };

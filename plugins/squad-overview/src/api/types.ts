// The squad-overview backend's API as sketched in the contract. Replaced by
// the types of `@internal/backstage-plugin-squad-overview-common` (generated
// from the backend's OpenAPI document) once that package exists.

/** Whether a source (GitHub, dead letters, releases) is usable, and how fresh. */
export type SourceState = {
  configured: boolean;
  /** When the data shown was last fetched. */
  asOf?: string;
  /** The last fetch failed: the data shown is from `asOf`. */
  error?: string;
  /** What to configure when `configured` is false. */
  howToConfigure?: string;
};

export type BuildStatus = 'success' | 'failure' | 'running' | 'unknown';

export type ServiceRow = {
  entityRef: string;
  name: string;
  title?: string;
  deadLetters: { environment: string; count: number }[];
  release: {
    environmentsBehind: number;
    behindSince?: string;
    drift: { environment: string; version?: string; behindBy?: number }[];
  } | null;
  openPullRequests: number | null;
  lastBuild: { status: BuildStatus; at: string; url: string } | null;
};

export type ServicesResponse = {
  squad: { entityRef: string; title: string };
  items: ServiceRow[];
  sources: {
    github: SourceState;
    deadLetters: SourceState;
    releases: SourceState;
  };
};

export type PullRequest = {
  id: string;
  number: number;
  title: string;
  repository: string;
  author: string;
  updatedAt: string;
  url: string;
};

export type PullRequestsResponse = {
  items: PullRequest[];
  source: SourceState;
};

export type PulseKind =
  | 'pr-opened'
  | 'pr-approved'
  | 'pr-merged'
  | 'build-succeeded'
  | 'build-failed'
  | 'released'
  | 'dead-letters-spiked'
  | 'service-created';

export type PulseEntry = {
  id: string;
  at: string;
  kind: PulseKind;
  service: string;
  summary: string;
  actor?: string;
  url?: string;
};

export type PulseResponse = {
  items: PulseEntry[];
  nextCursor?: string;
};

/** A squad, by its Group entity's namespace and name. */
export type SquadName = { namespace: string; name: string };

import type {
  PullRequestList,
  PulsePage,
  SquadServices,
} from '@internal/backstage-plugin-squad-overview-common';

export type {
  BuildStatus,
  PullRequest,
  PullRequestList,
  PulseEntry,
  PulseKind,
  PulseMessage,
  PulsePage,
  ServiceRow,
  SourceState,
  SquadServices,
} from '@internal/backstage-plugin-squad-overview-common';

/** `GET /squads/{namespace}/{name}/services`. */
export type ServicesResponse = SquadServices;
/** `GET /squads/{namespace}/{name}/pull-requests`. */
export type PullRequestsResponse = PullRequestList;
/** `GET /squads/{namespace}/{name}/pulse`. */
export type PulseResponse = PulsePage;

/** A squad, by its Group entity's namespace and name. */
export type SquadName = { namespace: string; name: string };

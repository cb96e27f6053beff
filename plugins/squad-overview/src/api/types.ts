import type {
  DeploymentsOverview,
  EnvironmentDeploymentStatusEnum,
  PullRequestList,
  PulsePage,
  SquadServices,
} from '@internal/backstage-plugin-squad-overview-common';

export type {
  BuildStatus,
  ClusterState,
  DeploymentsOverview,
  EnvironmentDeployment,
  ServiceDeployments,
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

/** `GET /squads/{namespace}/{name}/deployments`. */
export type DeploymentsResponse = DeploymentsOverview;

/** A deployment's state on one cluster. */
export type DeploymentStatus = EnvironmentDeploymentStatusEnum;

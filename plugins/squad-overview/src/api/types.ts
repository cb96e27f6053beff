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

/**
 * `GET /squads/{namespace}/{name}/deployments`: the squad's services on each
 * Kubernetes cluster, as the squad-overview backend reads them through the
 * Kubernetes backend. Local until the generated model lands in `-common`.
 */
export type DeploymentStatus =
  | 'running'
  | 'degraded'
  | 'failing'
  | 'not-found'
  | 'cluster-error';

/** One service on one cluster (environment). */
export type EnvironmentDeployment = {
  cluster: string;
  status: DeploymentStatus;
  /** Why degraded/failing (e.g. CrashLoopBackOff), or the cluster's error. */
  reason?: string;
  running: number;
  desired: number;
  /** Share of the pods' requests; absent when the cluster has no metrics. */
  cpuPercent?: number;
  memoryPercent?: number;
};

export type ServiceDeployments = {
  /** The component's entity name. */
  service: string;
  title?: string;
  /** `backstage.io/kubernetes-id`; absent: the component is not annotated. */
  kubernetesId?: string;
  environments: EnvironmentDeployment[];
};

export type ClusterState = { name: string; ok: boolean; error?: string };

export type DeploymentsOverview = {
  /** False: no cluster is configured in this portal. */
  configured: boolean;
  howToConfigure?: string;
  clusters: ClusterState[];
  services: ServiceDeployments[];
  asOf: string;
};

/** `GET /squads/{namespace}/{name}/deployments`. */
export type DeploymentsResponse = DeploymentsOverview;

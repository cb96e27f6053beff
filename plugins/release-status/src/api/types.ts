// The wire types come from the OpenAPI contract of release-status-backend.
export type {
  DriftPair,
  EnvironmentState,
  Release,
  ReleaseIntent,
  ServiceDrift,
  SquadDrift,
  Vulnerabilities,
} from '@internal/backstage-plugin-release-status-common';

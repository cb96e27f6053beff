import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

export interface ReleaseStatusConfig {
  environments: string[];
  dedupeWindowMs: number;
  maxClockSkewMs: number;
  amqp?: {
    url: string;
    exchange: string;
    queue: string;
    temporaryQueue: boolean;
    reconnectMs: number;
  };
  releaseManager?: {
    baseUrl: string;
    token?: string;
    historyCount: number;
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
  github: {
    /** Where the repositories are; its integrations.github entry is used. */
    webBaseUrl: string;
  };
  security: {
    /** The environment whose findings the squad's Security card shows. */
    environment: string;
    /** When today's figures are carried forward (once across replicas). */
    schedule: SchedulerServiceTaskScheduleDefinition;
    retentionDays: number;
  };
}

export const DEFAULT_ENVIRONMENTS = ['dev', 'staging', 'prod'];

export function readReleaseStatusConfig(root: Config): ReleaseStatusConfig {
  const config = root.getOptionalConfig('releaseStatus');
  const environments = config?.getOptionalStringArray('environments') ?? [
    ...DEFAULT_ENVIRONMENTS,
  ];
  if (environments.length === 0) {
    throw new Error('releaseStatus.environments must not be empty');
  }

  const amqpConfig = config?.getOptionalConfig('amqp');
  const rmConfig = config?.getOptionalConfig('releaseManager');
  const githubConfig = config?.getOptionalConfig('github');
  const securityConfig = config?.getOptionalConfig('security');
  const securityEnvironment =
    securityConfig?.getOptionalString('environment') ??
    (environments.includes('prod')
      ? 'prod'
      : environments[environments.length - 1]);
  if (!environments.includes(securityEnvironment)) {
    throw new Error(
      `releaseStatus.security.environment '${securityEnvironment}' is not one of releaseStatus.environments (${environments.join(
        ', ',
      )})`,
    );
  }

  return {
    environments,
    dedupeWindowMs:
      (config?.getOptionalNumber('dedupeWindowSeconds') ?? 600) * 1000,
    maxClockSkewMs:
      (config?.getOptionalNumber('maxClockSkewSeconds') ?? 300) * 1000,
    amqp: amqpConfig && {
      url: amqpConfig.getString('url'),
      exchange: amqpConfig.getOptionalString('exchange') ?? 'release-manager',
      queue:
        amqpConfig.getOptionalString('queue') ?? 'backstage-release-status',
      temporaryQueue: amqpConfig.getOptionalBoolean('temporaryQueue') ?? false,
      reconnectMs:
        (amqpConfig.getOptionalNumber('reconnectSeconds') ?? 10) * 1000,
    },
    releaseManager: rmConfig && {
      baseUrl: rmConfig.getString('baseUrl').replace(/\/+$/, ''),
      token: rmConfig.getOptionalString('token'),
      historyCount: rmConfig.getOptionalNumber('historyCount') ?? 20,
      schedule: rmConfig.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            rmConfig.getConfig('schedule'),
          )
        : {
            frequency: { minutes: 30 },
            timeout: { minutes: 10 },
            initialDelay: { seconds: 30 },
          },
    },
    security: {
      environment: securityEnvironment,
      schedule: securityConfig?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            securityConfig.getConfig('schedule'),
          )
        : {
            frequency: { hours: 1 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 20 },
          },
      retentionDays: securityConfig?.getOptionalNumber('retentionDays') ?? 90,
    },
    github: {
      webBaseUrl: (
        githubConfig?.getOptionalString('webBaseUrl') ?? 'https://github.com'
      ).replace(/\/+$/, ''),
    },
  };
}

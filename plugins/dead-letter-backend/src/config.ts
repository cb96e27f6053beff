import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';

/** A dead-letter queue to consume, and whether to declare it first. */
export interface DeadLetterQueueConfig {
  name: string;
  assert: boolean;
  type: 'classic' | 'quorum';
  bindExchange?: string;
  bindExchangeType: 'fanout' | 'direct' | 'topic';
  bindingKey: string;
}

export interface DeadLetterEnvironmentConfig {
  name: string;
  url: string;
  queues: DeadLetterQueueConfig[];
  prefetch: number;
  /** When set, redelivery only to queues that match it. */
  redeliverQueuePattern?: RegExp;
}

export interface DeadLetterConfig {
  environments: DeadLetterEnvironmentConfig[];
  serviceRule: RegExp;
  serviceHeader: string;
  errorHeader: string;
  originalQueueHeader?: string;
  maxBodyBytes: number;
  batchSize: number;
  batchMaxWaitMs: number;
  /** How long `GET /environments` reuses the queues' counts. */
  queueProbeCacheMs: number;
  /** Bounds of the catalog ownership cache (`deadLetter.serviceCatalog`). */
  serviceCatalog: { cacheTtlMs: number; cacheMaxEntries: number };
  /** Redelivery matching and the pruning of `dead_letter_ingest_sessions`. */
  ingestSessions: {
    redeliveryMatchWindowMs: number;
    pruneSchedule: SchedulerServiceTaskScheduleDefinition;
  };
  logLinkTemplate?: string;
}

export const DEFAULT_SERVICE_RULE = '_([^_]+)$';

function readQueue(config: Config | string): DeadLetterQueueConfig {
  if (typeof config === 'string') {
    return {
      name: config,
      assert: false,
      type: 'classic',
      bindExchangeType: 'fanout',
      bindingKey: '',
    };
  }
  const bindExchangeType = (config.getOptionalString('bindExchangeType') ??
    'fanout') as DeadLetterQueueConfig['bindExchangeType'];
  return {
    name: config.getString('name'),
    assert: config.getOptionalBoolean('assert') ?? false,
    type: (config.getOptionalString('type') ??
      'classic') as DeadLetterQueueConfig['type'],
    bindExchange: config.getOptionalString('bindExchange'),
    bindExchangeType,
    bindingKey:
      config.getOptionalString('bindingKey') ??
      (bindExchangeType === 'topic' ? '#' : ''),
  };
}

function readIngestSessions(
  config: Config | undefined,
): DeadLetterConfig['ingestSessions'] {
  const minutes =
    config?.getOptionalNumber('redeliveryMatchWindowMinutes') ?? 24 * 60;
  if (!(minutes > 0)) {
    throw new InputError(
      'deadLetter.ingestSessions.redeliveryMatchWindowMinutes must be above 0',
    );
  }
  const schedule = config?.getOptionalConfig('pruneSchedule');
  return {
    redeliveryMatchWindowMs: minutes * 60_000,
    pruneSchedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : {
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 2 },
        },
  };
}

/** Reads `deadLetter.*`; throws on invalid values so mistakes show at start. */
export function readDeadLetterConfig(root: Config): DeadLetterConfig {
  const config = root.getOptionalConfig('deadLetter');
  const envs = config?.getOptionalConfig('environments');
  const environments: DeadLetterEnvironmentConfig[] = (envs?.keys() ?? []).map(
    name => {
      const env = envs!.getConfig(name);
      const queues = env
        .get<Array<string | JsonObject>>('queues')
        .map((raw, i) =>
          readQueue(
            typeof raw === 'string'
              ? raw
              : new ConfigReader(
                  raw,
                  `deadLetter.environments.${name}.queues[${i}]`,
                ),
          ),
        );
      const pattern = env.getOptionalString('redeliverQueuePattern');
      let redeliverQueuePattern: RegExp | undefined;
      try {
        redeliverQueuePattern = pattern ? new RegExp(pattern) : undefined;
      } catch (e) {
        throw new InputError(
          `deadLetter.environments.${name}.redeliverQueuePattern is not a valid regex: ${e}`,
        );
      }
      return {
        name,
        url: env.getString('url'),
        queues,
        prefetch: env.getOptionalNumber('prefetch') ?? 2000,
        redeliverQueuePattern,
      };
    },
  );
  const rule = config?.getOptionalString('serviceRule') ?? DEFAULT_SERVICE_RULE;
  let serviceRule: RegExp;
  try {
    serviceRule = new RegExp(rule);
  } catch (e) {
    throw new InputError(`deadLetter.serviceRule is not a valid regex: ${e}`);
  }
  return {
    environments,
    serviceRule,
    serviceHeader: config?.getOptionalString('serviceHeader') ?? 'x-service',
    errorHeader: config?.getOptionalString('errorHeader') ?? 'x-error-message',
    originalQueueHeader: config?.getOptionalString('originalQueueHeader'),
    maxBodyBytes: config?.getOptionalNumber('maxBodyBytes') ?? 1024 * 1024,
    batchSize: config?.getOptionalNumber('batchSize') ?? 500,
    batchMaxWaitMs: config?.getOptionalNumber('batchMaxWaitMs') ?? 50,
    queueProbeCacheMs: config?.getOptionalNumber('queueProbeCacheMs') ?? 5000,
    ingestSessions: readIngestSessions(
      config?.getOptionalConfig('ingestSessions'),
    ),
    serviceCatalog: {
      cacheTtlMs:
        config?.getOptionalNumber('serviceCatalog.cacheTtlMs') ?? 10_000,
      cacheMaxEntries:
        config?.getOptionalNumber('serviceCatalog.cacheMaxEntries') ?? 5_000,
    },
    logLinkTemplate: config?.getOptionalString('logLinkTemplate'),
  };
}

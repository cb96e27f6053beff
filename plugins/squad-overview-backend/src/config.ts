import { Config } from '@backstage/config';

export interface SquadOverviewConfig {
  retentionDays: number;
  cleanupFrequencyMinutes: number;
  deadLetterSpike: { threshold: number; windowMinutes: number };
  github: { host: string; refreshMinutes: number };
  scaffolderPollMinutes: number;
  onCallRefreshSeconds: number;
  kubernetes: KubernetesSettings;
}

export interface KubernetesSettings {
  pollSeconds: number;
  timeoutSeconds: number;
  cacheSeconds: number;
  notifyClusters: string[];
  notifyEveryMinutes: number;
}

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new Error(`squadOverview.${key} must be a positive number`);
  }
  return value;
}

export function readSquadOverviewConfig(root: Config): SquadOverviewConfig {
  const config = root.getOptionalConfig('squadOverview');
  return {
    retentionDays: positive(config, 'pulse.retentionDays', 30),
    cleanupFrequencyMinutes: positive(
      config,
      'pulse.cleanupFrequencyMinutes',
      60,
    ),
    deadLetterSpike: {
      threshold: positive(config, 'deadLetterSpike.threshold', 10),
      windowMinutes: positive(config, 'deadLetterSpike.windowMinutes', 15),
    },
    github: {
      host: config?.getOptionalString('github.host') ?? 'github.com',
      refreshMinutes: positive(config, 'github.refreshMinutes', 5),
    },
    scaffolderPollMinutes: positive(config, 'scaffolder.pollMinutes', 1),
    onCallRefreshSeconds: positive(config, 'onCall.refreshSeconds', 60),
    kubernetes: {
      pollSeconds: positive(config, 'kubernetes.pollSeconds', 60),
      timeoutSeconds: positive(config, 'kubernetes.timeoutSeconds', 10),
      cacheSeconds: positive(config, 'kubernetes.cacheSeconds', 10),
      notifyClusters: config?.getOptionalStringArray(
        'kubernetes.notifyClusters',
      ) ?? ['prod'],
      notifyEveryMinutes: positive(config, 'kubernetes.notifyEveryMinutes', 60),
    },
  };
}

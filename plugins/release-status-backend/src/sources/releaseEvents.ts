import { LoggerService } from '@backstage/backend-plugin-api';
import { ReleaseStore } from '../types';
import { BrokerEvent } from './AmqpEventConsumer';
import { parseArtifactId, toIntent } from './releaseManagerModel';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Stores the release manager's `released` and `releaseFailed` events. Other
 * event types and events for environments we do not show are ignored.
 */
export function createReleaseEventHandler(options: {
  store: ReleaseStore;
  environments: string[];
  logger: LoggerService;
  now?: () => number;
}): (event: BrokerEvent) => Promise<void> {
  const { store, environments, logger } = options;
  const now = options.now ?? Date.now;

  return async event => {
    const body = (event.body ?? {}) as Record<string, unknown>;
    const environment = str(body.environment);
    const artifactId = str(body.artifactId);
    if (!environment || !artifactId || !environments.includes(environment)) {
      return;
    }

    if (event.type === 'released') {
      const service = str(body.name) ?? str(body.service);
      if (!service) {
        logger.warn(`Release events: 'released' without a service name`);
        return;
      }
      const parsed = parseArtifactId(artifactId);
      await store.record({
        service,
        environment,
        artifactId,
        // The event has no release time: the message's, else when we got it.
        releasedAt: event.timestamp ?? now(),
        source: 'amqp',
        sha: parsed?.sha,
        branch: parsed?.branch,
        namespace: str(body.namespace),
        squad: str(body.squad),
        author: str(body.authorName),
        authorEmail: str(body.authorEmail),
        intent: toIntent(str(body.intentType)),
      });
    } else if (event.type === 'releaseFailed') {
      // The event names the pod, not the service; the artifact id is enough.
      const marked = await store.markFailed({ environment, artifactId });
      if (!marked) {
        logger.info(
          `Release events: 'releaseFailed' for unknown release ${artifactId} in ${environment}`,
        );
      }
    }
  };
}

import { EventsService } from '@backstage/plugin-events-node';
import { StoredRelease } from '../types';

/** Published on Backstage's events service once per newly recorded release. */
export const RELEASED_TOPIC = 'release-status.released';

export async function publishReleased(
  events: EventsService,
  release: StoredRelease,
): Promise<void> {
  await events.publish({
    topic: RELEASED_TOPIC,
    eventPayload: {
      service: release.service,
      environment: release.environment,
      version: release.artifactId,
      ...(release.releasedBy ? { actor: release.releasedBy } : {}),
      at: new Date(release.releasedAt).toISOString(),
    },
  });
}

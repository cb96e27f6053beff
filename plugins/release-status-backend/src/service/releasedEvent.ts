import { EventsService } from '@backstage/plugin-events-node';
import { RELEASED_TOPIC } from '@internal/backstage-plugin-release-status-common';
import { StoredRelease } from '../types';

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
      // Only when a source sent figures: none is not a clean scan.
      ...(release.vulnerabilitiesReported && {
        vulnerabilities: release.vulnerabilities,
      }),
    },
  });
}

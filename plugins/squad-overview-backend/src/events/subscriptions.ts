import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GITHUB_TOPICS,
  MalformedPayloadError,
  toGithubPulseEvent,
} from '@internal/backstage-plugin-squad-overview-common';
import { EventsService } from '@backstage/plugin-events-node';
import { PulseRecorder } from '../service/PulseRecorder';
import {
  RELEASE_SERVICE_ANNOTATION,
  SquadDirectory,
} from '../service/SquadDirectory';
import { DEAD_LETTER_STORED_TOPIC } from '@internal/backstage-plugin-dead-letter-common';
import { RELEASED_TOPIC } from '@internal/backstage-plugin-release-status-common';
import { DeadLetterSpikes } from './deadLetterSpikes';

export async function subscribeToEvents(options: {
  events: EventsService;
  recorder: PulseRecorder;
  directory: SquadDirectory;
  spikes: DeadLetterSpikes;
  logger: LoggerService;
}): Promise<void> {
  const { events, recorder, directory, spikes, logger } = options;

  await events.subscribe({
    id: 'squad-overview-github',
    topics: GITHUB_TOPICS,
    async onEvent({ topic, eventPayload }) {
      let event;
      try {
        event = toGithubPulseEvent(topic, eventPayload);
      } catch (error) {
        if (error instanceof MalformedPayloadError) {
          logger.warn(`Dropped a malformed ${topic} webhook: ${error.message}`);
          return;
        }
        throw error;
      }
      if (!event) {
        return;
      }
      const owner = await directory.findByRepository(event.repository);
      if (!owner) {
        logger.debug(`No entity claims ${event.repository}; webhook ignored`);
        return;
      }
      const { repository: _repo, ...entry } = event;
      await recorder.record({
        ...entry,
        squad: owner.squad,
        service: owner.service,
      });
    },
  });

  await events.subscribe({
    id: 'squad-overview-releases',
    topics: [RELEASED_TOPIC],
    async onEvent({ eventPayload }) {
      const p = (eventPayload ?? {}) as Record<string, unknown>;
      const { service, environment, version } = p;
      if (
        typeof service !== 'string' ||
        typeof environment !== 'string' ||
        typeof version !== 'string'
      ) {
        logger.warn(`Ignored a malformed ${RELEASED_TOPIC} event`);
        return;
      }
      const owner = await directory.findByServiceName(
        service,
        RELEASE_SERVICE_ANNOTATION,
      );
      if (!owner) {
        return;
      }
      const actor =
        typeof p.actor === 'string' && p.actor ? p.actor : undefined;
      const at = typeof p.at === 'string' ? Date.parse(p.at) : NaN;
      await recorder.record({
        sourceId: `release:${service}:${environment}:${version}:${p.at ?? ''}`,
        squad: owner.squad,
        service: owner.service,
        kind: 'released',
        summary: `${owner.service} ${version} released to ${environment}${
          actor ? ` by ${actor}` : ''
        }${vulnerabilitiesPhrase(p.vulnerabilities)}`,
        actor,
        url: `/catalog/default/component/${encodeURIComponent(
          owner.service,
        )}/releases`,
        at: Number.isNaN(at) ? Date.now() : at,
      });
    },
  });

  await events.subscribe({
    id: 'squad-overview-dead-letters',
    topics: [DEAD_LETTER_STORED_TOPIC],
    onEvent: ({ eventPayload }) => spikes.onStored(eventPayload),
  });
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * " with 0 high vulnerabilities", " with 2 high and 1 critical
 * vulnerabilities", as the mock-up words the build line; nothing when the
 * release carried no figures (not the same as none found).
 */
export function vulnerabilitiesPhrase(vulnerabilities: unknown): string {
  if (!vulnerabilities || typeof vulnerabilities !== 'object') {
    return '';
  }
  const { high, critical } = vulnerabilities as Record<string, unknown>;
  if (!isCount(high)) {
    return '';
  }
  if (isCount(critical) && critical > 0) {
    return ` with ${high} high and ${critical} critical ${
      high + critical === 1 ? 'vulnerability' : 'vulnerabilities'
    }`;
  }
  return ` with ${high} high ${
    high === 1 ? 'vulnerability' : 'vulnerabilities'
  }`;
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ReleaseStore } from '../types';
import { BrokerEvent } from './AmqpEventConsumer';
import { parseArtifactId, toIntent } from './releaseManagerModel';

const HANDLED = ['released', 'releaseFailed'];

/** The body's fields we read; the rest is the sender's business. */
const FIELDS = [
  'name',
  'service',
  'environment',
  'artifactId',
  'namespace',
  'squad',
  'authorName',
  'authorEmail',
  'intentType',
] as const;

type EventBody = Partial<Record<(typeof FIELDS)[number], string>>;

/**
 * The fields of a handled event, or an InputError: such an event can never be
 * stored, however often it is delivered. Empty strings and nulls are absent.
 */
function readBody(body: unknown): EventBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      `the body is not a JSON object (${
        Array.isArray(body) ? 'array' : typeof body
      })`,
    );
  }
  const result: EventBody = {};
  for (const field of FIELDS) {
    const value = (body as Record<string, unknown>)[field];
    if (value === null || value === undefined) {
      continue;
    }
    if (typeof value !== 'string') {
      throw new InputError(`'${field}' must be a string, not ${typeof value}`);
    }
    if (value.trim()) {
      result[field] = value.trim();
    }
  }
  return result;
}

/**
 * Stores the release manager's `released` and `releaseFailed` events. Other
 * event types and events for environments we do not show are ignored; an
 * event that can never be stored throws an InputError (the consumer rejects
 * it), one the database could not take now throws whatever the database threw.
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
    if (!HANDLED.includes(event.type)) {
      return;
    }
    const body = readBody(event.body);
    const { environment, artifactId } = body;
    if (!environment) {
      throw new InputError(`'environment' is missing`);
    }
    if (!artifactId) {
      throw new InputError(`'artifactId' is missing`);
    }
    if (!environments.includes(environment)) {
      return;
    }

    if (event.type === 'released') {
      const service = body.name ?? body.service;
      if (!service) {
        throw new InputError(`'name' (the service) is missing`);
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
        namespace: body.namespace,
        squad: body.squad,
        author: body.authorName,
        authorEmail: body.authorEmail,
        intent: toIntent(body.intentType),
      });
    } else {
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

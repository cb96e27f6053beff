import { AuthenticationError, InputError } from '@backstage/errors';
import { HttpBodyParser } from '@backstage/plugin-events-node';
import {
  GITHUB_TOPICS,
  MalformedPayloadError,
  toGithubPulseEvent,
} from '@internal/backstage-plugin-squad-overview-common';
import { verify } from '@octokit/webhooks-methods';

/** The ingress topic GitHub posts to (`POST /api/events/http/github`). */
const GITHUB_TOPIC = 'github';

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function signedWithOneOf(
  secrets: string[],
  body: string,
  signature: string,
): Promise<boolean> {
  for (const secret of secrets) {
    try {
      if (await verify(secret, body, signature)) {
        return true;
      }
    } catch {
      // A signature of the wrong shape is a wrong signature.
    }
  }
  return false;
}

/**
 * The events backend's `application/json` body parser, stricter:
 *
 * - a body that is not JSON is a 400 (`InputError`), not a 500;
 * - on the `github` topic, when webhook secrets are configured, a missing or
 *   wrong `X-Hub-Signature-256` is a 401 (`AuthenticationError`) before the
 *   body is even parsed; the GitHub module's own validator still runs after;
 * - on the `github` topic, a payload of an event type the portal records that
 *   lacks what that type always carries is a 400.
 *
 * Nothing is published for a refused request.
 */
export function createCheckingJsonParser(options: {
  /** Secrets a GitHub webhook may be signed with; none: no signature check. */
  githubSecrets: string[];
}): HttpBodyParser {
  const { githubSecrets } = options;
  return async (request, mediaType, topic) => {
    const bodyBuffer = request.body;
    if (!Buffer.isBuffer(bodyBuffer)) {
      throw new Error(
        `Failed to read the raw body of an event for topic ${topic}`,
      );
    }
    const encoding = mediaType.parameters.charset ?? 'utf-8';
    if (!Buffer.isEncoding(encoding)) {
      throw new InputError(`Unsupported charset: ${encoding}`);
    }
    const text = bodyBuffer.toString(encoding);

    const github = topic === GITHUB_TOPIC;
    if (github && githubSecrets.length > 0) {
      const signature = header(request.headers, 'x-hub-signature-256');
      if (!signature) {
        throw new AuthenticationError(
          'The webhook has no X-Hub-Signature-256 header; configure the same secret in GitHub and in events.modules.github.webhookSecret',
        );
      }
      if (!(await signedWithOneOf(githubSecrets, text, signature))) {
        throw new AuthenticationError(
          'The webhook signature does not match the configured secret',
        );
      }
    }

    let bodyParsed: unknown = text;
    if (mediaType.type === 'application/json') {
      try {
        bodyParsed = JSON.parse(text);
      } catch (error) {
        throw new InputError(
          `The body is not valid JSON: ${(error as Error).message}`,
        );
      }
    }

    if (github) {
      const event = header(request.headers, 'x-github-event');
      const subTopic = `${GITHUB_TOPIC}.${event}`;
      if (event && GITHUB_TOPICS.includes(subTopic)) {
        try {
          toGithubPulseEvent(subTopic, bodyParsed);
        } catch (error) {
          if (error instanceof MalformedPayloadError) {
            throw new InputError(
              `Malformed ${event} payload: ${error.message}`,
            );
          }
          throw error;
        }
      }
    }
    return { bodyParsed, bodyBuffer, encoding };
  };
}

import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DeadLetterList,
  deadLetterReadPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import { IndexableDocument } from '@backstage/plugin-search-common';
import { Readable } from 'node:stream';

/** What the portal's search indexes of one dead letter. */
export interface DeadLetterDocument extends IndexableDocument {
  messageId: string | null;
  correlationId: string | null;
  service: string;
  environment: string;
  error: string | null;
}

const PAGE = 500;

/**
 * Feeds the portal's search with the newest stored dead letters (up to
 * `maxDocuments`), so a message id or correlation id pasted into the search
 * box finds the message and links to its service's Dead letter tab. It reads
 * the dead-letter API as the backend itself; the Dead Letter page's lookup
 * answers for everything stored, however old.
 */
export class DeadLetterCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'dead-letter';
  readonly visibilityPermission = deadLetterReadPermission;

  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      maxDocuments: number;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<DeadLetterDocument> {
    const { auth, discovery, maxDocuments } = this.options;
    const baseUrl = await discovery.getBaseUrl('dead-letter');
    for (let offset = 0; offset < maxDocuments; offset += PAGE) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'dead-letter',
      });
      const limit = Math.min(PAGE, maxDocuments - offset);
      const response = await fetch(
        `${baseUrl}/dead-letters?offset=${offset}&limit=${limit}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const page = (await response.json()) as DeadLetterList;
      for (const m of page.items) {
        const query = new URLSearchParams({
          environment: m.environment,
          id: m.id,
        });
        yield {
          title: m.messageId ?? `Dead letter ${m.id} (no message id)`,
          text: [m.correlationId, m.error, m.queue].filter(Boolean).join(' '),
          location: `/catalog/default/component/${encodeURIComponent(
            m.service,
          )}/dead-letter?${query}`,
          authorization: { resourceRef: `component:default/${m.service}` },
          messageId: m.messageId,
          correlationId: m.correlationId,
          service: m.service,
          environment: m.environment,
          error: m.error,
        };
      }
      if (page.items.length < limit) {
        return;
      }
    }
  }
}

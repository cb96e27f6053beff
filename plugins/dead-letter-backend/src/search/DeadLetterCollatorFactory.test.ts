import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { AddressInfo } from 'node:net';
import { DatabaseDeadLetterStore } from '../database/DatabaseDeadLetterStore';
import { start } from '../__testUtils__/backend';
import { incoming, migrate } from '../__testUtils__/db';
import {
  DeadLetterCollatorFactory,
  DeadLetterDocument,
} from './DeadLetterCollatorFactory';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function collect(factory: DeadLetterCollatorFactory) {
  const documents: DeadLetterDocument[] = [];
  for await (const d of await factory.getCollator()) {
    documents.push(d);
  }
  return documents;
}

describe('DeadLetterCollatorFactory', () => {
  it('indexes the newest dead letters by message id and correlation id, up to the maximum, linked to their tab', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrate(knex);
    const store = new DatabaseDeadLetterStore(knex);
    for (let i = 0; i < 2; i++) {
      await store.insertBatch(
        Array.from({ length: 400 }, (_, j) =>
          incoming({
            messageId: `msg-${i * 400 + j}`,
            correlationId: `corr-${i * 400 + j}`,
            error: 'Timeout calling core',
          }),
        ),
      );
    }
    await store.insertBatch([
      incoming({ messageId: null, service: 'accounts' }),
    ]);
    const server = await start({ knex });
    const port = (server.address() as AddressInfo).port;
    const factory = new DeadLetterCollatorFactory({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => `http://127.0.0.1:${port}/api/dead-letter`,
      }),
      logger: mockServices.logger.mock(),
      maxDocuments: 700,
    });
    expect(factory.type).toBe('dead-letter');

    const documents = await collect(factory);
    expect(documents).toHaveLength(700);
    // Newest first: the one without a message id, then msg-799 down.
    expect(documents[0].title).toMatch(/^Dead letter \d+ \(no message id\)$/);
    expect(documents[0].location).toMatch(
      /^\/catalog\/default\/component\/accounts\/dead-letter\?environment=dev&id=\d+$/,
    );
    expect(documents[1]).toMatchObject({
      title: 'msg-799',
      messageId: 'msg-799',
      correlationId: 'corr-799',
      service: 'term-deposit',
      environment: 'dev',
      authorization: { resourceRef: 'component:default/term-deposit' },
    });
    expect(documents[1].text).toContain('corr-799');
    expect(documents[1].text).toContain('Timeout calling core');
  });

  it('fails the run with the API error rather than indexing nothing silently', async () => {
    const factory = new DeadLetterCollatorFactory({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        // Nothing listens on port 9 on this machine (discard).
        getBaseUrl: async () => 'http://127.0.0.1:9/api/dead-letter',
      }),
      logger: mockServices.logger.mock(),
      maxDocuments: 10,
    });
    await expect(collect(factory)).rejects.toThrow();
  });
});

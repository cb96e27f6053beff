import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { databaseClosedOnStop } from './databaseClosedOnStop';

function pluginKeepingItsClient(id: string, clients: Map<string, Knex>) {
  return createBackendPlugin({
    pluginId: id,
    register(env) {
      env.registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          const client = await database.getClient();
          await client.schema.createTable('notes', table =>
            table.string('text'),
          );
          await client('notes').insert({ text: id });
          clients.set(id, client);
        },
      });
    },
  });
}

describe('databaseClosedOnStop', () => {
  it('gives each plugin a database of its own and closes every client when the backend stops', async () => {
    const clients = new Map<string, Knex>();
    const backend = await startTestBackend({
      features: [
        databaseClosedOnStop,
        pluginKeepingItsClient('first', clients),
        pluginKeepingItsClient('second', clients),
      ],
    });
    expect(await clients.get('first')!('notes').select('text')).toEqual([
      { text: 'first' },
    ]);
    expect(await clients.get('second')!('notes').select('text')).toEqual([
      { text: 'second' },
    ]);

    await backend.stop();

    for (const client of clients.values()) {
      // The connection is gone: no pool, so no reaper interval either.
      expect(client.client.pool).toBeUndefined();
      // A query a plugin still starts now neither answers nor fails.
      const late = client('notes')
        .select('text')
        .then(
          () => 'answered',
          () => 'failed',
        );
      const afterPendingWork = new Promise(resolve =>
        setImmediate(() => resolve('waiting')),
      );
      expect(await Promise.race([late, afterPendingWork])).toBe('waiting');
    }
  });
});

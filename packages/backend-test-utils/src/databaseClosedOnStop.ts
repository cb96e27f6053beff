import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';

/** The parts of knex's client and its tarn pool that closing needs. */
type KnexInternals = {
  acquireConnection(): Promise<unknown>;
  pool?: {
    numUsed(): number;
    numPendingAcquires(): number;
    on(event: 'release', listener: () => void): void;
    removeListener(event: 'release', listener: () => void): void;
  };
};

/**
 * Closes a plugin's client once the backend has stopped. A plugin may still
 * start a query then: the scaffolder polls a task's events once more (up to
 * a second after the task ended), and the catalog's processing of one entity
 * runs on after its loop was stopped. Such a query now waits forever, holding
 * nothing, instead of failing with "Unable to acquire a connection" as an
 * unhandled rejection in whatever suite the Jest worker runs next. The
 * queries already started finish first.
 */
async function close(client: Knex) {
  const internals = client.client as KnexInternals;
  internals.acquireConnection = () => new Promise(() => {});
  const pool = internals.pool;
  while (pool && pool.numUsed() + pool.numPendingAcquires() > 0) {
    await new Promise<void>(resolve => {
      const released = () => {
        pool.removeListener('release', released);
        resolve();
      };
      pool.on('release', released);
    });
  }
  await client.destroy();
}

/**
 * The database service `startTestBackend` gives plugins (in-memory SQLite, one
 * database per plugin), except that every client it made is destroyed when
 * the backend stops.
 *
 * Backstage's own DatabaseManager leaves SQLite clients open at shutdown (it
 * keeps them for its dev data store), and each keeps knex's pool reaper (a 1 s
 * interval) running, so a Jest worker that ran a catalog or scaffolder
 * backend cannot exit. The clients are closed in a root lifecycle hook,
 * which runs after every plugin's shutdown hooks.
 */
export const databaseClosedOnStop = createServiceFactory({
  service: coreServices.database,
  deps: {
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ rootLifecycle, rootLogger }) {
    const manager = DatabaseManager.fromConfig(
      new ConfigReader({
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
      }),
      { rootLogger },
    );
    const clients = new Set<Knex>();
    rootLifecycle.addShutdownHook(async () => {
      const closing = [...clients].map(close);
      clients.clear();
      await Promise.all(closing);
    });
    return { manager, clients };
  },
  async factory({ pluginMetadata, lifecycle, logger }, { manager, clients }) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      ...database,
      async getClient() {
        const client = await database.getClient();
        clients.add(client);
        return client;
      },
    };
  },
});

import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { deadLetterPlugin } from './plugin';
import { migrate } from './__testUtils__/db';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('ingest session pruning', () => {
  it('is scheduled once across replicas (global scope) on the configured schedule, and forgets sessions two match windows old', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrate(knex);
    const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task);
      },
    });
    const hour = 60 * 60_000;
    await knex('dead_letter_ingest_sessions').insert([
      {
        session: 'ended',
        confirmed_seq: 3,
        updated_at: new Date(Date.now() - 3 * hour),
      },
      {
        session: 'idle-recently',
        confirmed_seq: 1,
        updated_at: new Date(Date.now() - hour),
      },
      { session: 'live', confirmed_seq: 9, updated_at: new Date() },
    ]);
    await startTestBackend({
      features: [
        deadLetterPlugin,
        scheduler.factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            deadLetter: {
              ingestSessions: {
                redeliveryMatchWindowMinutes: 60,
                pruneSchedule: {
                  frequency: { minutes: 15 },
                  timeout: { minutes: 1 },
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const prune = tasks.find(t => t.id === 'dead-letter-prune-ingest-sessions');
    expect(prune).toMatchObject({
      scope: 'global',
      frequency: { minutes: 15 },
      timeout: { minutes: 1 },
    });
    await prune!.fn(new AbortController().signal);
    const left = await knex('dead_letter_ingest_sessions')
      .orderBy('session')
      .select('session');
    expect(left.map(r => r.session)).toEqual(['idle-recently', 'live']);
  });
});

import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseDeadLetterStore } from './database/DatabaseDeadLetterStore';
import { incoming, migrate } from './__testUtils__/db';
import { start } from './__testUtils__/backend';
import { createTopology, RABBITMQ_URL, waitFor } from './__testUtils__/rabbit';
import {
  REDELIVERED_BY_HEADER,
  REDELIVERED_COUNT_HEADER,
} from './service/message';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'dead-letter API on %p',
  databaseId => {
    let knex: Knex;
    let store: DatabaseDeadLetterStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await migrate(knex);
      store = new DatabaseDeadLetterStore(knex);
    });

    it('finds a message by message id or correlation id across environments and services, only where the caller may read', async () => {
      await store.insertBatch([
        incoming({ messageId: 'order-7', correlationId: 'trace-1' }),
        incoming({
          environment: 'prod',
          service: 'accounts',
          messageId: 'other',
          correlationId: 'order-7',
        }),
        incoming({ messageId: 'unrelated', correlationId: 'trace-2' }),
      ]);
      const server = await start({ knex });
      const found = await request(server).get(
        '/api/dead-letter/dead-letters/lookup?id=order-7',
      );
      expect(found.status).toBe(200);
      expect(
        found.body.items.map((m: any) => [
          m.environment,
          m.service,
          m.messageId,
        ]),
      ).toEqual([
        ['prod', 'accounts', 'other'],
        ['dev', 'term-deposit', 'order-7'],
      ]);

      const onlyTermDeposit = await start({
        knex,
        readable: ['component:default/term-deposit'],
      });
      const limited = await request(onlyTermDeposit).get(
        '/api/dead-letter/dead-letters/lookup?id=order-7',
      );
      expect(limited.body.items.map((m: any) => m.service)).toEqual([
        'term-deposit',
      ]);
      expect(
        (
          await request(server).get(
            '/api/dead-letter/dead-letters/lookup?id=nothing-like-it',
          )
        ).body,
      ).toEqual({ items: [] });
      expect(
        (await request(server).get('/api/dead-letter/dead-letters/lookup'))
          .status,
      ).toBe(400);
    });

    async function seed() {
      const rows = [];
      for (let i = 0; i < 60; i++) {
        rows.push(
          incoming({ messageId: `td-${i}`, correlationId: `corr-${i}` }),
        );
      }
      rows.push(
        incoming({
          service: 'accounts',
          queue: 'q_accounts',
          messageId: 'acc-1',
          error: 'Account Locked',
        }),
        incoming({ service: 'ghost', queue: 'q_ghost', messageId: 'ghost-1' }),
        incoming({ environment: 'prod', messageId: 'prod-1' }),
        incoming({
          service: 'binary',
          messageId: 'bin-1',
          body: Buffer.from([0xff, 0xfe, 0x00, 0x41]),
        }),
      );
      await store.insertBatch(rows);
      const { items } = await store.list({}, { offset: 0, limit: 500 });
      return (messageId: string) =>
        items.find(i => i.messageId === messageId)!.id;
    }

    it('starts with ingest off when no environment is configured and serves the environments', async () => {
      const server = await start({ knex });
      const res = await request(server).get('/api/dead-letter/environments');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        environments: [],
        ingest: false,
        logLinkTemplate: 'https://logs.example.com/?q={correlationId}',
      });
    });

    it('lists newest first with paging, total count and filters', async () => {
      await seed();
      const server = await start({ knex });
      const first = await request(server).get(
        '/api/dead-letter/dead-letters?environment=dev&service=term-deposit',
      );
      expect(first.status).toBe(200);
      expect(first.body.totalCount).toBe(60);
      expect(first.body.limit).toBe(50);
      expect(first.body.items).toHaveLength(50);
      expect(first.body.items[0].messageId).toBe('td-59');
      const second = await request(server).get(
        '/api/dead-letter/dead-letters?environment=dev&service=term-deposit&offset=50&limit=50',
      );
      expect(second.body.items.map((i: any) => i.messageId)).toEqual(
        Array.from({ length: 10 }, (_, i) => `td-${9 - i}`),
      );
      const byText = await request(server).get(
        '/api/dead-letter/dead-letters?q=locked',
      );
      expect(byText.body.items.map((i: any) => i.messageId)).toEqual(['acc-1']);
      const byQueue = await request(server).get(
        '/api/dead-letter/dead-letters?queue=q_ghost',
      );
      expect(byQueue.body.totalCount).toBe(1);
      const prod = await request(server).get(
        '/api/dead-letter/dead-letters?environment=prod',
      );
      expect(prod.body.items.map((i: any) => i.messageId)).toEqual(['prod-1']);
    });

    describe('triage', () => {
      const at = (minute: number) =>
        new Date(Date.UTC(2026, 10, 30, 8, minute));
      // The validated router wants reserved characters (the colons) encoded.
      const iso = (minute: number) =>
        encodeURIComponent(at(minute).toISOString());

      async function seedErrors() {
        await store.insertBatch([
          incoming({ messageId: 'a1', error: 'Timeout', diedAt: at(1) }),
          incoming({ messageId: 'a2', error: 'Timeout', diedAt: at(2) }),
          incoming({ messageId: 'a3', error: 'Timeout', diedAt: at(3) }),
          incoming({ messageId: 'b1', error: 'Bad JSON', diedAt: at(4) }),
          incoming({ messageId: 'b2', error: 'Bad JSON', diedAt: at(5) }),
          incoming({ messageId: 'n1', error: null, diedAt: at(6) }),
          incoming({
            messageId: 'q1',
            error: 'Timeout',
            queue: 'q_other',
            diedAt: at(7),
          }),
          incoming({
            service: 'accounts',
            queue: 'q_accounts',
            messageId: 'acc-1',
            error: 'Account Locked',
            diedAt: at(8),
          }),
        ]);
      }

      const ids = (res: request.Response) =>
        res.body.items.map((i: any) => i.messageId);

      it('counts the distinct errors of the matching messages, top first', async () => {
        await seedErrors();
        const server = await start({ knex });
        const all = await request(server).get(
          '/api/dead-letter/dead-letters/errors?environment=dev',
        );
        expect(all.status).toBe(200);
        expect(all.body.items).toEqual([
          { error: 'Timeout', count: 4 },
          { error: 'Bad JSON', count: 2 },
          { error: 'Account Locked', count: 1 },
          { error: null, count: 1 },
        ]);
        const narrowed = await request(server).get(
          `/api/dead-letter/dead-letters/errors?service=term-deposit&queue=q_other`,
        );
        expect(narrowed.body.items).toEqual([{ error: 'Timeout', count: 1 }]);
        const window = await request(server).get(
          `/api/dead-letter/dead-letters/errors?service=term-deposit&from=${iso(
            3,
          )}&to=${iso(5)}`,
        );
        expect(window.body.items).toEqual([
          { error: 'Bad JSON', count: 2 },
          { error: 'Timeout', count: 1 },
        ]);
      });

      it('shows only the errors of services the caller may read', async () => {
        await seedErrors();
        const server = await start({
          knex,
          readable: ['component:default/accounts'],
        });
        const res = await request(server).get(
          '/api/dead-letter/dead-letters/errors',
        );
        expect(res.body.items).toEqual([{ error: 'Account Locked', count: 1 }]);
        const refused = await request(server).get(
          '/api/dead-letter/dead-letters/errors?service=term-deposit',
        );
        expect(refused.status).toBe(403);
      });

      it('filters the list by exact error, missing error and died time, in either order', async () => {
        await seedErrors();
        const server = await start({ knex });
        const base = '/api/dead-letter/dead-letters?service=term-deposit';
        const timeout = await request(server).get(`${base}&error=Timeout`);
        expect(ids(timeout)).toEqual(['q1', 'a3', 'a2', 'a1']);
        expect(timeout.body.totalCount).toBe(4);
        // Exact, not a substring or case-insensitive match.
        expect(
          (await request(server).get(`${base}&error=timeout`)).body.totalCount,
        ).toBe(0);
        const none = await request(server).get(`${base}&errorIsNull=true`);
        expect(ids(none)).toEqual(['n1']);
        const window = await request(server).get(
          `${base}&from=${encodeURIComponent(
            '2026-11-30T09:02:00+01:00',
          )}&to=${iso(4)}`,
        );
        expect(ids(window)).toEqual(['b1', 'a3', 'a2']);
        expect(window.body.totalCount).toBe(3);
        const oldest = await request(server).get(
          `${base}&error=Timeout&order=asc&limit=2`,
        );
        expect(ids(oldest)).toEqual(['a1', 'a2']);
        expect(oldest.body.totalCount).toBe(4);
      });

      it('rejects malformed filters', async () => {
        const server = await start({ knex });
        for (const query of [
          'from=yesterday',
          'to=2026-13-01',
          'order=sideways',
          `error=${'x'.repeat(2001)}`,
          'errorIsNull=maybe',
        ]) {
          const res = await request(server).get(
            `/api/dead-letter/dead-letters?${query}`,
          );
          expect([query, res.status]).toEqual([query, 400]);
        }
        expect(
          (
            await request(server).get(
              '/api/dead-letter/dead-letters/errors?from=yesterday',
            )
          ).status,
        ).toBe(400);
      });
    });

    it('returns one message with headers and a body in base64 and, when UTF-8, as text', async () => {
      const id = await seed();
      const server = await start({ knex });
      const json = await request(server).get(
        `/api/dead-letter/dead-letters/${id('td-3')}`,
      );
      expect(json.status).toBe(200);
      expect(json.body).toMatchObject({
        messageId: 'td-3',
        headers: { 'x-death': [{ reason: 'rejected' }] },
        properties: { contentType: 'application/json' },
      });
      expect(JSON.parse(json.body.bodyText)).toEqual(expect.any(Object));
      const binary = await request(server).get(
        `/api/dead-letter/dead-letters/${id('bin-1')}`,
      );
      expect(binary.body.bodyText).toBeNull();
      expect(Buffer.from(binary.body.bodyBase64, 'base64')).toEqual(
        Buffer.from([0xff, 0xfe, 0x00, 0x41]),
      );
      expect(
        (await request(server).get('/api/dead-letter/dead-letters/987654321'))
          .status,
      ).toBe(404);
      expect(
        (await request(server).get('/api/dead-letter/dead-letters/abc')).status,
      ).toBe(400);
    });

    it('deletes by id, audits it, and refuses unknown ids without changing anything', async () => {
      const id = await seed();
      const auditor = mockServices.auditor.mock();
      const event = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(event);
      const server = await start({ knex, auditor });

      const unknown = await request(server)
        .delete('/api/dead-letter/dead-letters')
        .send({ ids: [id('td-1'), '999999999'] });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/999999999/);
      expect(await store.get(id('td-1'))).toBeDefined();

      const res = await request(server)
        .delete('/api/dead-letter/dead-letters')
        .send({ ids: [id('td-1'), id('td-2')] });
      expect(res.status).toBe(200);
      expect(res.body.deleted.sort()).toEqual([id('td-1'), id('td-2')].sort());
      expect(await store.get(id('td-1'))).toBeUndefined();
      const list = await request(server).get(
        '/api/dead-letter/dead-letters?service=term-deposit',
      );
      // 60 in dev + 1 in prod, minus the two deleted.
      expect(list.body.totalCount).toBe(59);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'dead-letter-delete' }),
      );
      expect(event.success).toHaveBeenCalled();

      const audit = await request(server).get(
        '/api/dead-letter/dead-letters/audit?service=term-deposit',
      );
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          action: 'delete',
          actor: mockCredentials.user().principal.userEntityRef,
          environment: 'dev',
          service: 'term-deposit',
          outcome: 'succeeded',
          messageIds: expect.arrayContaining([id('td-1'), id('td-2')]),
        }),
      ]);
    });

    it('rejects malformed and oversized requests', async () => {
      await seed();
      const server = await start({ knex });
      const cases = [
        request(server).delete('/api/dead-letter/dead-letters').send({}),
        request(server)
          .delete('/api/dead-letter/dead-letters')
          .send({ ids: [] }),
        request(server)
          .delete('/api/dead-letter/dead-letters')
          .send({ ids: 'nope' }),
        request(server)
          .post('/api/dead-letter/dead-letters/redeliver')
          .send({ ids: [1, 2] }),
        request(server)
          .post('/api/dead-letter/dead-letters/redeliver')
          .set('Content-Type', 'application/json')
          .send('{"ids": ['),
        request(server).get('/api/dead-letter/dead-letters?limit=0'),
        request(server).get('/api/dead-letter/dead-letters?limit=100000'),
        request(server).get('/api/dead-letter/dead-letters?offset=-1'),
        request(server).get('/api/dead-letter/dead-letters?bogus=1'),
        request(server).get('/api/dead-letter/dead-letters/service-overview'),
      ];
      for (const res of await Promise.all(cases)) {
        expect(res.status).toBe(400);
      }
      const huge = await request(server)
        .delete('/api/dead-letter/dead-letters')
        .send({ ids: Array.from({ length: 20000 }, (_, i) => String(i + 1)) });
      // The OpenAPI router turns body-parser's 413 into an InputError.
      expect(huge.status).toBe(400);
      expect(huge.body.error.message).toMatch(/too large/i);
      const tooMany = await request(server)
        .delete('/api/dead-letter/dead-letters')
        .send({ ids: Array.from({ length: 1001 }, (_, i) => String(i + 1)) });
      expect(tooMany.status).toBe(400);
      expect((await store.list({}, { offset: 0, limit: 1 })).totalCount).toBe(
        64,
      );
    });

    it('counts per service and per owning squad, with services outside the catalog as unowned', async () => {
      await seed();
      const server = await start({ knex });
      const services = await request(server).get(
        '/api/dead-letter/dead-letters/service-overview?environment=dev',
      );
      expect(services.status).toBe(200);
      expect(services.body.items.map((i: any) => [i.service, i.count])).toEqual(
        [
          ['term-deposit', 60],
          ['accounts', 1],
          ['binary', 1],
          ['ghost', 1],
        ],
      );
      const squads = await request(server).get(
        '/api/dead-letter/dead-letters/squad-overview?environment=dev',
      );
      expect(squads.status).toBe(200);
      expect(
        squads.body.items.map((i: any) => [i.squad, i.title, i.count]),
      ).toEqual([
        ['group:default/squad-nasa', 'squad-nasa', 60],
        ['unowned', 'unowned', 2],
        ['group:default/squad-gemini', 'squad-gemini', 1],
      ]);
      expect(
        squads.body.items[1].services.map((s: any) => s.service).sort(),
      ).toEqual(['binary', 'ghost']);
    });

    it('refuses reads, deletes and redeliveries without permission, and audits the refusal', async () => {
      const id = await seed();
      const server = await start({ knex, permission: AuthorizeResult.DENY });
      expect(
        (
          await request(server).get(
            '/api/dead-letter/dead-letters?service=term-deposit',
          )
        ).status,
      ).toBe(403);
      const all = await request(server).get('/api/dead-letter/dead-letters');
      expect(all.body).toMatchObject({ items: [], totalCount: 0 });
      const del = await request(server)
        .delete('/api/dead-letter/dead-letters')
        .send({ ids: [id('td-5')] });
      expect(del.status).toBe(403);
      const redeliver = await request(server)
        .post('/api/dead-letter/dead-letters/redeliver')
        .send({ ids: [id('td-5')] });
      expect(redeliver.status).toBe(403);
      expect(await store.get(id('td-5'))).toBeDefined();
      const trail = await store.listAudit({
        service: 'term-deposit',
        limit: 10,
      });
      expect(trail.map(t => [t.action, t.outcome])).toEqual([
        ['redeliver', 'failed'],
        ['delete', 'failed'],
      ]);
    });
  },
);

describe('dead-letter ingest and redelivery through the API (RabbitMQ, PostgreSQL)', () => {
  it('shows a rejected message and redelivers it to its own queue only', async () => {
    const knex = await databases.init('POSTGRES_15');
    const topology = await createTopology({ service: 'term-deposit' });
    try {
      const server = await start({
        knex,
        environments: { dev: { url: RABBITMQ_URL, queues: [topology.dlq] } },
      });
      const env = await request(server).get('/api/dead-letter/environments');
      expect(env.body).toMatchObject({
        ingest: true,
        environments: [{ name: 'dev', queues: [topology.dlq] }],
      });

      await topology.deadLetter('{"id":"td-1"}', {
        messageId: 'msg-42',
        correlationId: 'corr-42',
        contentType: 'application/json',
        headers: { 'x-error-message': 'boom', 'x-tenant': 'dk' },
      });
      const listed = await waitFor(async () => {
        const res = await request(server).get(
          '/api/dead-letter/dead-letters?environment=dev&service=term-deposit',
        );
        return res.body.items?.length === 1 && res.body;
      });
      expect(listed.items[0]).toMatchObject({
        queue: topology.serviceQueue,
        routingKey: 'account.term-deposit.created',
        messageId: 'msg-42',
        correlationId: 'corr-42',
        error: 'boom',
        service: 'term-deposit',
      });
      const id = listed.items[0].id;

      const res = await request(server)
        .post('/api/dead-letter/dead-letters/redeliver')
        .send({ ids: [id] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ results: [{ id, status: 'redelivered' }] });

      const back = await waitFor(async () =>
        topology.channel.get(topology.serviceQueue, { noAck: true }),
      );
      expect(back.content.toString()).toBe('{"id":"td-1"}');
      expect(back.fields.exchange).toBe('');
      expect(back.properties.messageId).toBe('msg-42');
      expect(back.properties.contentType).toBe('application/json');
      expect(back.properties.headers).toMatchObject({
        'x-tenant': 'dk',
        [REDELIVERED_COUNT_HEADER]: 1,
        [REDELIVERED_BY_HEADER]: mockCredentials.user().principal.userEntityRef,
      });
      expect(back.properties.headers).not.toHaveProperty('x-death');
      expect(
        (await topology.channel.checkQueue(topology.siblingQueue)).messageCount,
      ).toBe(0);

      const after = await request(server).get(
        `/api/dead-letter/dead-letters/${id}`,
      );
      expect(after.status).toBe(404);
      const audit = await request(server).get(
        '/api/dead-letter/dead-letters/audit?service=term-deposit',
      );
      expect(audit.body.items[0]).toMatchObject({
        action: 'redeliver',
        outcome: 'succeeded',
        messageIds: [id],
      });
    } finally {
      await topology.cleanup();
    }
  });

  it('publishes a message once when the same id is redelivered by concurrent requests', async () => {
    const knex = await databases.init('POSTGRES_15');
    await migrate(knex);
    const store = new DatabaseDeadLetterStore(knex);
    const topology = await createTopology({ service: 'term-deposit' });
    try {
      const { ids } = await store.insertBatch([
        incoming({ queue: topology.serviceQueue, messageId: 'once' }),
      ]);
      const server = await start({
        knex,
        environments: { dev: { url: RABBITMQ_URL, queues: [topology.dlq] } },
      });
      await waitFor(async () => {
        const env = await request(server).get('/api/dead-letter/environments');
        return env.body.environments[0].ingest?.state === 'consuming';
      });
      const responses = await Promise.all(
        [1, 2, 3].map(() =>
          request(server)
            .post('/api/dead-letter/dead-letters/redeliver')
            .send({ ids }),
        ),
      );
      const results = responses.map(r => r.body.results[0]);
      expect(results.filter(r => r.status === 'redelivered')).toHaveLength(1);
      expect(results.filter(r => r.status === 'failed')).toEqual([
        expect.objectContaining({
          error: expect.stringMatching(
            /already being redelivered|no longer stored/,
          ),
        }),
        expect.objectContaining({
          error: expect.stringMatching(
            /already being redelivered|no longer stored/,
          ),
        }),
      ]);
      await waitFor(async () => {
        const q = await topology.channel.checkQueue(topology.serviceQueue);
        return q.messageCount >= 1;
      });
      await new Promise(r => setTimeout(r, 300));
      expect(
        (await topology.channel.checkQueue(topology.serviceQueue)).messageCount,
      ).toBe(1);
    } finally {
      await topology.cleanup();
    }
  });

  it("refuses to redeliver to a queue that is not the message's service's, or not permitted in the environment", async () => {
    const knex = await databases.init('POSTGRES_15');
    await migrate(knex);
    const store = new DatabaseDeadLetterStore(knex);
    const topology = await createTopology({ service: 'term-deposit' });
    try {
      // The x-death queue is forged to another service's queue, while the
      // service header claims term-deposit (whose squad may redeliver).
      const { ids } = await store.insertBatch([
        incoming({
          queue: 'dev-k8s-commandstreams_payments_payment',
          messageId: 'forged',
        }),
        incoming({
          environment: 'prod',
          queue: topology.serviceQueue,
          messageId: 'unpermitted',
        }),
      ]);
      const server = await start({
        knex,
        environments: {
          dev: { url: RABBITMQ_URL, queues: [topology.dlq] },
          prod: {
            url: RABBITMQ_URL,
            queues: [topology.dlq],
            redeliverQueuePattern: '^prod-k8s-',
          },
        },
      });
      const res = await request(server)
        .post('/api/dead-letter/dead-letters/redeliver')
        .send({ ids });
      expect(res.body.results).toEqual([
        {
          id: ids[0],
          status: 'failed',
          error:
            'refused: queue dev-k8s-commandstreams_payments_payment belongs to payment, not to term-deposit',
        },
        {
          id: ids[1],
          status: 'failed',
          error: expect.stringMatching(
            /is not one that prod permits redelivery to \(\^prod-k8s-\)/,
          ),
        },
      ]);
      expect((await store.list({}, { offset: 0, limit: 10 })).totalCount).toBe(
        2,
      );
      // Nothing was published, and a later try is not blocked by a claim.
      expect(
        (await topology.channel.checkQueue(topology.serviceQueue)).messageCount,
      ).toBe(0);
      const again = await request(server)
        .post('/api/dead-letter/dead-letters/redeliver')
        .send({ ids: [ids[0]] });
      expect(again.body.results[0].error).toMatch(/^refused/);
    } finally {
      await topology.cleanup();
    }
  });

  it('keeps a message whose redelivery fails and reports it for that id', async () => {
    const knex = await databases.init('POSTGRES_15');
    await migrate(knex);
    const store = new DatabaseDeadLetterStore(knex);
    await store.insertBatch([
      incoming({ environment: 'staging', messageId: 'unconfigured' }),
      incoming({ messageId: 'truncated', bodyTruncated: true, bodySize: 9999 }),
    ]);
    const { items } = await store.list({}, { offset: 0, limit: 10 });
    const server = await start({ knex });
    const res = await request(server)
      .post('/api/dead-letter/dead-letters/redeliver')
      .send({ ids: items.map(i => i.id) });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual(
      expect.arrayContaining([
        {
          id: items.find(i => i.messageId === 'unconfigured')!.id,
          status: 'failed',
          error: 'environment staging is not configured',
        },
        {
          id: items.find(i => i.messageId === 'truncated')!.id,
          status: 'failed',
          error: expect.stringMatching(/truncated/),
        },
      ]),
    );
    expect((await store.list({}, { offset: 0, limit: 10 })).totalCount).toBe(2);
  });
});

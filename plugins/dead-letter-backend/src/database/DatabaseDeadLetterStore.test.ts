import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseDeadLetterStore } from './DatabaseDeadLetterStore';
import { incoming, migrate, migrationsDir } from '../__testUtils__/db';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'DatabaseDeadLetterStore on %p',
  databaseId => {
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      await migrate(knex);
      return { knex, store: new DatabaseDeadLetterStore(knex) };
    }

    it('migrates up and down and up again', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('dead_letters')).toBe(true);
      expect(await knex.schema.hasTable('dead_letter_audit')).toBe(true);
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('dead_letters')).toBe(false);
      expect(await knex.schema.hasTable('dead_letter_service_counts')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('dead_letter_audit')).toBe(false);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('dead_letters')).toBe(true);
    });

    it('keeps equal messages through a down and up of the delivery-identity migration', async () => {
      const { store, knex } = await createStore(databaseId);
      const twin = incoming();
      await store.insertBatch([twin, { ...twin, dedupeKey: 'b' }]);
      // Down, one migration at a time, to before the delivery-identity one
      // (later migrations come off first).
      for (let i = 0; i < 10; i++) {
        if (!(await knex.schema.hasColumn('dead_letters', 'content_hash'))) {
          break;
        }
        await knex.migrate.down({ directory: migrationsDir });
      }
      expect(await knex.schema.hasColumn('dead_letters', 'content_hash')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('dead_letters')).toBe(true);
      const keys = (await knex('dead_letters').select('dedupe_key')).map(
        r => r.dedupe_key,
      );
      expect(new Set(keys).size).toBe(2);
      await knex.migrate.latest({ directory: migrationsDir });
      expect((await store.list({}, { offset: 0, limit: 10 })).totalCount).toBe(
        2,
      );
    });

    it('stores equal messages as two rows, but a redelivery of a stored, unacked message once', async () => {
      const { store } = await createStore(databaseId);
      const twin = incoming({
        ingestSession: 'session-1',
        ingestSeq: 2,
        receivedAt: new Date(),
      });
      const batch = [twin, { ...twin, dedupeKey: 'other-delivery' }];
      // An earlier batch's acks were confirmed; this one's were not.
      await store.markAcked('session-1', 1);
      expect((await store.insertBatch(batch)).inserted).toBe(2);
      // The broker hands both back after a crash before the ack: kept once each.
      const redelivered = batch.map(m => ({
        ...m,
        dedupeKey: `${m.dedupeKey}-again`,
        redelivered: true,
      }));
      expect((await store.insertBatch(redelivered)).inserted).toBe(0);
      // A third equal message, redelivered although never stored: stored.
      expect(
        (
          await store.insertBatch([
            { ...twin, dedupeKey: 'third', redelivered: true },
          ])
        ).inserted,
      ).toBe(1);
      expect((await store.list({}, { offset: 0, limit: 50 })).totalCount).toBe(
        3,
      );
    });

    it('does not match a redelivery against rows whose ack was sent', async () => {
      const { store } = await createStore(databaseId);
      const first = incoming({
        ingestSession: 'session-1',
        ingestSeq: 1,
        receivedAt: new Date(),
      });
      await store.insertBatch([first]);
      await store.markAcked('session-1', 1);
      // An equal message that died later, redelivered before it was stored.
      const { inserted } = await store.insertBatch([
        { ...first, dedupeKey: 'second', redelivered: true },
      ]);
      expect(inserted).toBe(1);
      expect(await store.serviceCounts('dev')).toEqual([
        expect.objectContaining({ service: 'term-deposit', count: 2 }),
      ]);
    });

    const HOUR = 60 * 60_000;
    const ago = (ms: number) => new Date(Date.now() - ms);

    it('takes a redelivery for an unconfirmed row only within the match window', async () => {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      const store = new DatabaseDeadLetterStore(knex, {
        redeliveryMatchWindowMs: HOUR,
      });
      // Both stored by sessions that died before confirming their acks.
      const old = incoming({
        ingestSession: 'crashed-long-ago',
        ingestSeq: 1,
        receivedAt: ago(2 * HOUR),
      });
      const recent = incoming({
        ingestSession: 'crashed-just-now',
        ingestSeq: 1,
        receivedAt: ago(60_000),
      });
      await store.insertBatch([old, recent]);
      const again = (m: typeof old) => ({
        ...m,
        dedupeKey: `again-${m.dedupeKey.slice(0, 32)}`,
        redelivered: true,
        receivedAt: new Date(),
      });
      // The recent one is the broker handing it back: kept once.
      expect((await store.insertBatch([again(recent)])).inserted).toBe(0);
      // Two hours on, the broker has long handed back what was unacked: an
      // equal redelivered message is a new one, and is kept.
      expect((await store.insertBatch([again(old)])).inserted).toBe(1);
      expect((await store.list({}, { offset: 0, limit: 10 })).totalCount).toBe(
        3,
      );
    });

    it('prunes ended ingest sessions without making their rows look unconfirmed', async () => {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      const store = new DatabaseDeadLetterStore(knex, {
        redeliveryMatchWindowMs: HOUR,
      });
      // A session that ended three hours ago with every ack confirmed.
      const ended = incoming({
        ingestSession: 'ended',
        ingestSeq: 1,
        receivedAt: ago(3 * HOUR),
      });
      await store.insertBatch([ended]);
      await store.markAcked('ended', 1);
      await knex('dead_letter_ingest_sessions')
        .where({ session: 'ended' })
        .update({ updated_at: ago(3 * HOUR) });
      // A live session: batch 1 confirmed, batch 2 stored, its ack unconfirmed.
      await store.markAcked('live', 1);
      const unconfirmed = incoming({
        ingestSession: 'live',
        ingestSeq: 2,
        receivedAt: new Date(),
      });
      await store.insertBatch([unconfirmed]);

      expect(await store.pruneIngestSessions(ago(2 * HOUR))).toBe(1);
      expect(
        (await knex('dead_letter_ingest_sessions').select('session')).map(
          r => r.session,
        ),
      ).toEqual(['live']);

      const again = (m: typeof ended) => ({
        ...m,
        dedupeKey: `again-${m.dedupeKey.slice(0, 32)}`,
        redelivered: true,
        receivedAt: new Date(),
      });
      // The ended session's row, now without its session, is not taken for
      // a new equal message: that one is stored.
      expect((await store.insertBatch([again(ended)])).inserted).toBe(1);
      // The live session's unconfirmed row still absorbs its redelivery.
      expect((await store.insertBatch([again(unconfirmed)])).inserted).toBe(0);
      // A live session pruned while idle writes its progress again.
      expect(await store.pruneIngestSessions(new Date(Date.now() + 1000))).toBe(
        1,
      );
      await store.markAcked('live', 2);
      const [live] = await knex('dead_letter_ingest_sessions').select();
      expect(Number(live.confirmed_seq)).toBe(2);
    });

    it('lets only one claimant redeliver a message', async () => {
      const { store } = await createStore(databaseId);
      const { ids } = await store.insertBatch([incoming(), incoming()]);
      const [a, b] = await Promise.all([
        store.claimRedelivery(ids, 'request-a', new Date(Date.now() - 60_000)),
        store.claimRedelivery(ids, 'request-b', new Date(Date.now() - 60_000)),
      ]);
      expect([...a, ...b].sort()).toEqual([...ids].sort());
      expect(a.length === 0 || b.length === 0).toBe(true);
      const winner = a.length ? 'request-a' : 'request-b';
      await store.releaseRedelivery([ids[0]], winner);
      expect(
        await store.claimRedelivery(ids, 'request-c', new Date(0)),
      ).toEqual([ids[0]]);
      // A claim older than the stale limit can be taken over.
      expect(
        await store.claimRedelivery(
          ids,
          'request-d',
          new Date(Date.now() + 1000),
        ),
      ).toEqual(ids);
    });

    it('keeps bytes, sizes and JSON exactly, including non-UTF-8 bodies', async () => {
      const { store } = await createStore(databaseId);
      const body = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x41]);
      await store.insertBatch([
        incoming({
          body,
          bodySize: 1000,
          bodyTruncated: true,
          headers: { 'x-custom': { nested: [1, 'two'] } },
        }),
      ]);
      const [summary] = (await store.list({}, { offset: 0, limit: 1 })).items;
      const stored = await store.get(summary.id);
      expect(stored!.body.equals(body)).toBe(true);
      expect(stored!.bodySize).toBe(1000);
      expect(stored!.bodyTruncated).toBe(true);
      expect(stored!.headers).toEqual({ 'x-custom': { nested: [1, 'two'] } });
      expect(stored!.receivedAt).toBeInstanceOf(Date);
      expect(stored!.diedAt.getTime()).toBeLessThan(
        stored!.receivedAt.getTime(),
      );
      expect(await store.get('999999999')).toBeUndefined();
      expect(await store.get('not-a-number')).toBeUndefined();
    });

    it('lists newest first with filters, paging and total counts', async () => {
      const { store } = await createStore(databaseId);
      const batch = [];
      for (let i = 0; i < 7; i++) {
        batch.push(incoming({ messageId: `order-${i}` }));
      }
      batch.push(
        incoming({
          service: 'accounts',
          queue: 'q_accounts',
          error: 'Account 42 Not Found',
        }),
        incoming({ environment: 'prod', messageId: 'prod-1' }),
      );
      await store.insertBatch(batch);

      const page1 = await store.list(
        { environment: 'dev', service: 'term-deposit' },
        { offset: 0, limit: 5 },
      );
      expect(page1.totalCount).toBe(7);
      expect(page1.items.map(i => i.messageId)).toEqual([
        'order-6',
        'order-5',
        'order-4',
        'order-3',
        'order-2',
      ]);
      const page2 = await store.list(
        { environment: 'dev', service: 'term-deposit' },
        { offset: 5, limit: 5 },
      );
      expect(page2.items.map(i => i.messageId)).toEqual(['order-1', 'order-0']);

      expect(
        (await store.list({ q: 'not found' }, { offset: 0, limit: 50 })).items,
      ).toEqual([expect.objectContaining({ service: 'accounts' })]);
      expect(
        (await store.list({ q: '100%_' }, { offset: 0, limit: 50 })).totalCount,
      ).toBe(0);
      expect(
        (await store.list({ queue: 'q_accounts' }, { offset: 0, limit: 50 }))
          .totalCount,
      ).toBe(1);
      expect(
        (await store.list({ environment: 'prod' }, { offset: 0, limit: 50 }))
          .totalCount,
      ).toBe(1);
      expect(
        (await store.list({ services: [] }, { offset: 0, limit: 50 }))
          .totalCount,
      ).toBe(0);
      expect(
        (await store.list({ services: ['accounts'] }, { offset: 0, limit: 50 }))
          .totalCount,
      ).toBe(1);
    });

    it('deletes by id, keeps the counts right and ignores unknown ids', async () => {
      const { store } = await createStore(databaseId);
      await store.insertBatch([
        incoming(),
        incoming(),
        incoming({ service: 'x' }),
      ]);
      const { items } = await store.list({}, { offset: 0, limit: 50 });
      const xId = items.find(i => i.service === 'x')!.id;
      expect(await store.delete([xId, '123456789', 'bogus'])).toEqual([xId]);
      expect(await store.serviceCounts('dev')).toEqual([
        expect.objectContaining({ service: 'term-deposit', count: 2 }),
      ]);
      expect((await store.list({}, { offset: 0, limit: 50 })).totalCount).toBe(
        2,
      );
    });

    it('keeps an audit trail per service, newest first', async () => {
      const { store } = await createStore(databaseId);
      await store.addAudit([
        {
          action: 'delete',
          actor: 'user:default/jane',
          environment: 'dev',
          service: 'a',
          messageIds: ['1'],
          outcome: 'succeeded',
          details: {},
          createdAt: new Date(),
        },
        {
          action: 'redeliver',
          actor: 'user:default/jane',
          environment: 'dev',
          service: 'a',
          messageIds: ['2'],
          outcome: 'failed',
          details: { error: 'x' },
          createdAt: new Date(),
        },
        {
          action: 'delete',
          actor: 'user:default/joe',
          environment: 'dev',
          service: 'b',
          messageIds: ['3'],
          outcome: 'succeeded',
          details: {},
          createdAt: new Date(),
        },
      ]);
      const trail = await store.listAudit({ service: 'a', limit: 10 });
      expect(trail.map(t => [t.action, t.messageIds, t.outcome])).toEqual([
        ['redeliver', ['2'], 'failed'],
        ['delete', ['1'], 'succeeded'],
      ]);
    });
  },
);

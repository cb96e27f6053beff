import { InputError } from '@backstage/errors';
import knexFactory from 'knex';
import { KnexReleaseStore } from '../database/KnexReleaseStore';
import {
  classifyFailure,
  decideDelivery,
  DeliveryAttempts,
  deliveryKey,
} from './deliveryPolicy';

jest.setTimeout(30_000);

describe('deliveryPolicy', () => {
  it('treats a database that cannot be reached as worth waiting for', async () => {
    const knex = knexFactory({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:1/nothing',
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: 2_000,
      log: { warn() {}, error() {}, debug() {}, deprecate() {} },
    });
    try {
      const store = new KnexReleaseStore(knex, 600_000);
      const error = await store
        .record({
          service: 'term-deposit',
          environment: 'dev',
          artifactId: 'master-1c1508405e-67e9d69164',
          releasedAt: Date.now(),
          source: 'amqp',
        })
        .catch(e => e);
      expect(classifyFailure(error)).toBe('transient');
      expect(
        decideDelivery({ error, failures: 0, maxAttempts: 3 }),
      ).toMatchObject({ action: 'requeue' });
    } finally {
      await knex.destroy();
    }
  });

  it('rejects bad input at once and gives up on other failures after the last attempt', () => {
    const attempts = new DeliveryAttempts({ maxAttempts: 3 });
    expect(attempts.decide('a', new InputError('name too long'))).toEqual({
      action: 'reject',
      reason: 'name too long',
    });
    // PostgreSQL: value too long for type character varying(255).
    const tooLong = Object.assign(new Error('value too long'), {
      code: '22001',
    });
    expect(attempts.decide('b', tooLong).action).toBe('reject');

    const boom = new Error('boom');
    expect(attempts.decide('c', boom).action).toBe('requeue');
    expect(attempts.decide('c', boom).action).toBe('requeue');
    expect(attempts.decide('c', boom)).toEqual({
      action: 'reject',
      reason: 'gave up after 3 attempts: boom',
    });
    // Counted per message, and forgotten once decided.
    expect(attempts.decide('c', boom).action).toBe('requeue');
    expect(attempts.decide('d')).toEqual({ action: 'ack' });

    // Waiting for the database does not use up attempts.
    const down = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    for (let i = 0; i < 10; i++) {
      expect(attempts.decide('e', down).action).toBe('requeue');
    }
    expect(attempts.decide('e', boom).action).toBe('requeue');
  });

  it('knows a message again by its id, else by its content', () => {
    const content = Buffer.from('{"name":"cards"}');
    expect(deliveryKey({ messageId: 'm1', content })).toBe('id:m1');
    expect(deliveryKey({ type: 'released', content })).toBe(
      deliveryKey({ type: 'released', content: Buffer.from(content) }),
    );
    expect(deliveryKey({ type: 'released', content })).not.toBe(
      deliveryKey({ type: 'releaseFailed', content }),
    );
  });
});

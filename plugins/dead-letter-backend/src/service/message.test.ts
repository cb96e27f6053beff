import { ConsumeMessage } from 'amqplib';
import {
  REDELIVERED_BY_HEADER,
  REDELIVERED_COUNT_HEADER,
  redeliveryOptions,
  serviceFromQueue,
  toIncomingDeadLetter,
} from './message';
import { DEFAULT_SERVICE_RULE } from '../config';

const rules = {
  serviceRule: new RegExp(DEFAULT_SERVICE_RULE),
  serviceHeader: 'x-service',
  errorHeader: 'x-error-message',
  maxBodyBytes: 16,
};

function message(
  content: Buffer,
  headers: Record<string, unknown> = {},
  properties: Record<string, unknown> = {},
): ConsumeMessage {
  return {
    content,
    fields: {
      deliveryTag: 1,
      redelivered: false,
      exchange: 'dlx',
      routingKey: 'rk',
      consumerTag: 'c',
    },
    properties: { headers, ...properties } as any,
  };
}

const death = [
  {
    count: 1,
    reason: 'rejected',
    queue: 'dev-k8s-commandstreams_bankaccount_account_term-deposit',
    time: { '!': 'timestamp', value: 1764000000 },
    exchange: 'bankaccount',
    'routing-keys': ['account.term-deposit.created'],
  },
];
const context = {
  environment: 'dev',
  deadLetterQueue: 'dead-letters',
  receivedAt: new Date('2026-11-26T06:00:00Z'),
};

describe('toIncomingDeadLetter', () => {
  it('takes queue, exchange, routing key and reason from x-death and the service from the queue name', () => {
    const m = toIncomingDeadLetter(
      message(
        Buffer.from('{"a":1}'),
        { 'x-death': death },
        {
          messageId: 'm-1',
          correlationId: 'c-1',
        },
      ),
      context,
      rules,
    );
    expect(m).toMatchObject({
      service: 'term-deposit',
      queue: 'dev-k8s-commandstreams_bankaccount_account_term-deposit',
      exchange: 'bankaccount',
      routingKey: 'account.term-deposit.created',
      messageId: 'm-1',
      correlationId: 'c-1',
      error: 'rejected',
      bodySize: 7,
      bodyTruncated: false,
      redeliveredCount: 0,
    });
  });

  it('prefers the error and service headers', () => {
    const m = toIncomingDeadLetter(
      message(Buffer.from('x'), {
        'x-death': death,
        'x-error-message': 'account not found',
        'x-service': 'accounts',
      }),
      context,
      rules,
    );
    expect(m.error).toBe('account not found');
    expect(m.service).toBe('accounts');
  });

  it('stores header-less, empty, binary and oversized messages, flagging truncation', () => {
    const empty = toIncomingDeadLetter(
      { ...message(Buffer.alloc(0)), properties: {} as any },
      context,
      rules,
    );
    expect(empty).toMatchObject({
      queue: 'dead-letters',
      // No header, no x-death: nobody can be told, not "dead-letters".
      service: '~unassigned',
      exchange: 'dlx',
      routingKey: 'rk',
      bodySize: 0,
      error: null,
    });
    const big = toIncomingDeadLetter(
      message(Buffer.from([0xff, 0xfe, ...Buffer.alloc(100, 1)])),
      context,
      rules,
    );
    expect(big.bodySize).toBe(102);
    expect(big.body.length).toBe(16);
    expect(big.bodyTruncated).toBe(true);
  });

  it('removes NUL characters that PostgreSQL text cannot hold', () => {
    const m = toIncomingDeadLetter(
      message(
        Buffer.from('x'),
        { 'x-error-message': 'bad\u0000thing' },
        {
          messageId: 'a\u0000b',
        },
      ),
      context,
      rules,
    );
    expect(m.error).toBe('badthing');
    expect(m.messageId).toBe('ab');
  });

  it('gives a broker redelivery of the same message the same content hash, a different message another, and each delivery its own key', () => {
    const a = toIncomingDeadLetter(
      message(Buffer.from('x'), { 'x-death': death }, { messageId: '1' }),
      context,
      rules,
    );
    const again = toIncomingDeadLetter(
      message(
        Buffer.from('x'),
        { 'x-delivery-count': 1, 'x-death': death },
        { messageId: '1' },
      ),
      { ...context, receivedAt: new Date() },
      rules,
    );
    const other = toIncomingDeadLetter(
      message(Buffer.from('x'), { 'x-death': death }, { messageId: '2' }),
      context,
      rules,
    );
    expect(again.contentHash).toBe(a.contentHash);
    expect(other.contentHash).not.toBe(a.contentHash);
    expect(again.dedupeKey).not.toBe(a.dedupeKey);
  });

  it('reads tables, arrays and odd values in headers without throwing, falling back to the queue rule', () => {
    const hostile = { toString: 'not a function', valueOf: 'nor this' };
    const m = toIncomingDeadLetter(
      message(
        Buffer.from('x'),
        {
          'x-death': death,
          'x-service': hostile,
          'x-error-message': ['a', 'list'],
          [REDELIVERED_COUNT_HEADER]: hostile,
        },
        { messageId: { nested: true } },
      ),
      context,
      rules,
    );
    expect(m.service).toBe('term-deposit');
    expect(m.error).toBe('rejected');
    expect(m.messageId).toBeNull();
    expect(m.redeliveredCount).toBe(0);
    expect(m.headers['x-service']).toEqual({
      toString: 'not a function',
      valueOf: 'nor this',
    });
  });

  it('keeps counts within the database integer range', () => {
    const m = toIncomingDeadLetter(
      message(Buffer.from('x'), {
        'x-death': death,
        [REDELIVERED_COUNT_HEADER]: 3000000000,
      }),
      context,
      rules,
    );
    expect(m.redeliveredCount).toBe(2147483647);
    expect(m.headers[REDELIVERED_COUNT_HEADER]).toBe(3000000000);
  });
});

describe('the time a message died', () => {
  it('is the most recent x-death time, else the first-death header, else when it was received', () => {
    expect(
      toIncomingDeadLetter(
        message(Buffer.from('x'), { 'x-death': death }),
        context,
        rules,
      ).diedAt,
    ).toEqual(new Date(1764000000 * 1000));
    expect(
      toIncomingDeadLetter(
        message(Buffer.from('x'), {
          'x-first-death-time': { '!': 'timestamp', value: 1763000000 },
        }),
        context,
        rules,
      ).diedAt,
    ).toEqual(new Date(1763000000 * 1000));
    for (const odd of [undefined, 'yesterday', { value: 'x' }, [1], -5, 1e15]) {
      expect(
        toIncomingDeadLetter(
          message(Buffer.from('x'), {
            'x-death': [{ ...death[0], time: odd }],
          }),
          context,
          rules,
        ).diedAt,
      ).toEqual(context.receivedAt);
    }
  });
});

describe('consumers that dead-letter by republishing', () => {
  it('take the original queue from the configured header when there is no x-death', () => {
    const republished = message(Buffer.from('x'), {
      'x-original-queue': 'dev-k8s-commandstreams_payments_payment',
      'x-error-message': 'boom',
    });
    const m = toIncomingDeadLetter(republished, context, {
      ...rules,
      originalQueueHeader: 'x-original-queue',
    });
    expect(m.queue).toBe('dev-k8s-commandstreams_payments_payment');
    expect(m.service).toBe('payment');
    // Without the setting, the dead-letter queue is all that is known.
    expect(toIncomingDeadLetter(republished, context, rules)).toMatchObject({
      queue: 'dead-letters',
      service: '~unassigned',
    });
  });

  it('prefer x-death when both name a queue', () => {
    const m = toIncomingDeadLetter(
      message(Buffer.from('x'), {
        'x-death': death,
        'x-original-queue': 'somewhere-else',
      }),
      context,
      { ...rules, originalQueueHeader: 'x-original-queue' },
    );
    expect(m.queue).toBe(
      'dev-k8s-commandstreams_bankaccount_account_term-deposit',
    );
  });
});

describe('the service of a dead letter', () => {
  const deadOn = (queue: string, headers: Record<string, unknown> = {}) =>
    toIncomingDeadLetter(
      {
        content: Buffer.from('x'),
        fields: { exchange: '', routingKey: 'dead-letters' } as any,
        properties: {
          headers: {
            'x-death': [{ queue, reason: 'rejected', count: 1 }],
            ...headers,
          },
        } as any,
      },
      {
        environment: 'dev',
        deadLetterQueue: 'dead-letters',
        receivedAt: new Date(),
      },
      rules,
    );

  it('is the header, else the rule over the original queue, else unassigned', () => {
    expect(deadOn('dev_orders').service).toBe('orders');
    expect(deadOn('plain', { 'x-service': 'billing' }).service).toBe('billing');
    expect(deadOn('plain')).toMatchObject({
      queue: 'plain',
      service: '~unassigned',
    });
  });
});

describe('serviceFromQueue', () => {
  it('uses the capture group, and tells nothing when the rule does not match', () => {
    expect(serviceFromQueue('a_b_c', /_([^_]+)$/)).toBe('c');
    expect(serviceFromQueue('plain', /_([^_]+)$/)).toBeUndefined();
    expect(serviceFromQueue('dev.orders.v1', /^[^.]+\.([^.]+)/)).toBe('orders');
  });
});

describe('redeliveryOptions', () => {
  it('strips the death headers and marks the message', () => {
    const options = redeliveryOptions(
      {
        headers: {
          'x-death': death as any,
          'x-first-death-queue': 'q',
          'x-last-death-reason': 'rejected',
          'x-delivery-count': 3,
          'x-tenant': 'dk',
          raw: { $base64: Buffer.from([1, 2]).toString('base64') },
        },
        properties: {
          contentType: 'application/json',
          messageId: 'm-1',
          userId: 'someone',
        },
        redeliveredCount: 1,
      },
      'user:default/jane',
    );
    expect(options.headers).toEqual({
      'x-tenant': 'dk',
      raw: Buffer.from([1, 2]),
      [REDELIVERED_COUNT_HEADER]: 2,
      [REDELIVERED_BY_HEADER]: 'user:default/jane',
    });
    expect(options.contentType).toBe('application/json');
    expect(options.messageId).toBe('m-1');
    expect(options).not.toHaveProperty('userId');
  });
});

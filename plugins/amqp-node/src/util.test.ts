import { withHeartbeat } from './util';

describe('withHeartbeat', () => {
  it('adds a 30 s heartbeat unless the URL sets one', () => {
    expect(withHeartbeat('amqp://u:p@host:5672/vhost')).toBe(
      'amqp://u:p@host:5672/vhost?heartbeat=30',
    );
    expect(withHeartbeat('amqp://host?heartbeat=5')).toBe(
      'amqp://host?heartbeat=5',
    );
  });
});

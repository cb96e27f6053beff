import { mockServices } from '@backstage/backend-test-utils';
import { NewDeadLetterSignals } from './NewDeadLetterSignals';

// The names the dead-letter frontend and the squad overview listen on.
const NEW_DEAD_LETTERS_CHANNEL = 'dead-letter:new';
const DEAD_LETTER_STORED_TOPIC = 'dead-letter.stored';
const INGEST_STATUS_CHANNEL = 'dead-letter:ingest-status';

describe('NewDeadLetterSignals', () => {
  it('sends one signal per environment and service for a burst, with the total', async () => {
    const publish = jest.fn().mockResolvedValue(undefined);
    const events = { publish: jest.fn(), subscribe: jest.fn() };
    const signals = new NewDeadLetterSignals({
      signals: { publish },
      events,
      logger: mockServices.logger.mock(),
      intervalMs: 20,
    });
    signals.stored([
      { environment: 'dev', service: 'term-deposit', count: 500 },
      { environment: 'dev', service: 'payment', count: 2 },
    ]);
    signals.stored([
      { environment: 'dev', service: 'term-deposit', count: 3 },
      { environment: 'prod', service: 'term-deposit', count: 1 },
      { environment: 'dev', service: 'nothing', count: 0 },
    ]);
    expect(publish).not.toHaveBeenCalled();
    await new Promise(r => setTimeout(r, 60));
    expect(publish).toHaveBeenCalledTimes(3);
    expect(publish.mock.calls.map(([s]) => s)).toEqual(
      expect.arrayContaining([
        {
          recipients: { type: 'broadcast' },
          channel: NEW_DEAD_LETTERS_CHANNEL,
          message: { environment: 'dev', service: 'term-deposit', count: 503 },
        },
        expect.objectContaining({
          message: { environment: 'dev', service: 'payment', count: 2 },
        }),
        expect.objectContaining({
          message: { environment: 'prod', service: 'term-deposit', count: 1 },
        }),
      ]),
    );
    expect(events.publish).toHaveBeenCalledWith({
      topic: DEAD_LETTER_STORED_TOPIC,
      eventPayload: { environment: 'dev', service: 'term-deposit', count: 503 },
    });
    expect(events.publish).toHaveBeenCalledTimes(3);
  });

  it('tells open pages once per interval which environments changed their ingest status', async () => {
    const publish = jest.fn().mockResolvedValue(undefined);
    const signals = new NewDeadLetterSignals({
      signals: { publish },
      logger: mockServices.logger.mock(),
      intervalMs: 20,
    });
    // Storing fails, works, fails again within one interval: one signal.
    signals.ingestChanged('dev');
    signals.ingestChanged('dev');
    signals.ingestChanged('dev');
    await new Promise(r => setTimeout(r, 60));
    expect(publish.mock.calls).toEqual([
      [
        {
          recipients: { type: 'broadcast' },
          channel: INGEST_STATUS_CHANNEL,
          message: { environment: 'dev' },
        },
      ],
    ]);
  });

  it('keeps going when a signal cannot be sent', async () => {
    const publish = jest
      .fn()
      .mockRejectedValueOnce(new Error('events down'))
      .mockResolvedValue(undefined);
    const logger = mockServices.logger.mock();
    const signals = new NewDeadLetterSignals({
      signals: { publish },
      logger,
    });
    signals.stored([
      { environment: 'dev', service: 'a', count: 1 },
      { environment: 'dev', service: 'b', count: 1 },
    ]);
    await signals.flush();
    expect(publish).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('events down'),
    );
  });
});

import { BulkJob } from '../../api';
import {
  describeBulkError,
  describeBulkJob,
  progressLabel,
  progressText,
  progressValue,
} from './bulkOutcome';

const job = (patch: Partial<BulkJob>): BulkJob => ({
  id: '1',
  action: 'delete',
  environment: 'dev',
  service: 'term-deposit',
  actor: 'user:default/guest',
  state: 'done',
  total: 1234,
  processed: 1234,
  succeeded: 1234,
  failed: 0,
  failures: [],
  startedAt: '2026-12-01T08:00:00.000Z',
  ...patch,
});

describe('bulk job texts', () => {
  it('names the progress with thousands separators', () => {
    const running = job({ state: 'running', processed: 500, succeeded: 500 });
    expect(progressLabel('redeliver')).toBe('Redeliver progress');
    expect(progressText(running)).toBe(
      'Deleting: 500 of 1,234 messages processed.',
    );
    expect(progressValue(running)).toBeCloseTo(40.52, 1);
    expect(progressValue(job({ total: 0, processed: 0 }))).toBe(100);
  });

  it('sums up a finished job', () => {
    expect(describeBulkJob(job({}))).toEqual({
      severity: 'success',
      text: 'Deleted 1,234 messages.',
    });
    expect(
      describeBulkJob(
        job({
          action: 'redeliver',
          succeeded: 1200,
          failed: 34,
          failures: [{ id: '7', error: 'publish not confirmed' }],
        }),
      ),
    ).toEqual({
      severity: 'warning',
      text: 'Redelivered 1,200 of 1,234; 34 failed.',
      details: ['#7: publish not confirmed'],
    });
    expect(
      describeBulkJob(job({ action: 'redeliver', succeeded: 0, failed: 1234 }))
        .severity,
    ).toBe('error');
    expect(
      describeBulkJob(
        job({ state: 'failed', processed: 500, succeeded: 500, error: 'x' }),
      ),
    ).toEqual({
      severity: 'error',
      text: 'Delete stopped: x. Deleted 500 of 1,234.',
      details: [],
    });
  });

  it('says what a 409, another error or a lost job means', () => {
    expect(
      describeBulkError('redeliver', 1234, { statusCode: 409 }).text,
    ).toMatch(
      /^Nothing was redelivered: more messages match than the 1,234 you confirmed\./,
    );
    expect(describeBulkError('delete', 3, new Error('boom')).text).toBe(
      'Delete failed: Error: boom',
    );
    expect(
      describeBulkError(
        'delete',
        1234,
        'TypeError: Failed to fetch',
        job({ state: 'running', processed: 500 }),
      ),
    ).toEqual({
      severity: 'warning',
      text: 'Lost track of the delete after 500 of 1,234 messages: TypeError: Failed to fetch. It continues on the server; refresh to see what is left.',
    });
  });
});

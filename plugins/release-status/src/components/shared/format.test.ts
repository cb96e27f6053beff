import { driftSentence, formatDuration, releaseSha } from './format';

const HOUR = 3_600_000;

describe('format', () => {
  it.each([
    [30_000, 'less than a minute'],
    [60_000, '1 minute'],
    [5 * HOUR + 59 * 60_000, '5 hours'],
    [24 * HOUR, '1 day'],
    [84 * HOUR, '3 days'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('says commits only when GitHub counted them', () => {
    const pair = {
      environment: 'prod',
      aheadEnvironment: 'dev',
      artifactId: 'master-9f8e7d6c5b-67e9d69164',
      aheadArtifactId: 'master-1c1508405e-67e9d69164',
      behindSince: '2026-11-22T10:00:00Z',
      ageMs: 84 * HOUR,
    };
    expect(
      driftSentence({ ...pair, commitsAvailable: true, commitCount: 1 }),
    ).toBe('prod is 3 days and 1 commit behind dev');
    expect(driftSentence({ ...pair, commitsAvailable: false })).toBe(
      'prod is 3 days behind dev',
    );
  });

  it('takes the sha from an artifact id whose branch has dashes', () => {
    expect(
      releaseSha({ artifactId: 'feature-new-thing-1c1508405e-67e9d69164' }),
    ).toBe('1c1508405e');
  });
});

import { StoredRelease } from '../types';
import { computeDriftPairs } from './drift';

const H = 3_600_000;
let nextId = 1;
function release(
  environment: string,
  sha: string,
  releasedAt: number,
  extra: Partial<StoredRelease> = {},
): StoredRelease {
  return {
    id: String(nextId++),
    service: 'term-deposit',
    environment,
    artifactId: `master-${sha}-67e9d69164`,
    sha,
    releasedAt,
    vulnerabilities: { high: 0, medium: 0, low: 0, critical: 0 },
    vulnerabilitiesReported: true,
    intent: 'release',
    source: 'ingest',
    failed: false,
    ...extra,
  };
}

function drift(histories: Record<string, StoredRelease[]>) {
  const environments = ['dev', 'staging', 'prod'];
  return computeDriftPairs({
    environments,
    current: new Map(environments.map(e => [e, histories[e]?.[0]])),
    history: new Map(environments.map(e => [e, histories[e] ?? []])),
  });
}

describe('computeDriftPairs', () => {
  it('finds nothing when every environment runs the same', () => {
    expect(
      drift({
        dev: [release('dev', 'aaaaaaaaaa', 1 * H)],
        staging: [release('staging', 'aaaaaaaaaa', 2 * H)],
        prod: [release('prod', 'aaaaaaaaaa', 3 * H)],
      }),
    ).toEqual([]);
  });

  it('says prod is behind dev since dev moved past what prod runs', () => {
    const pairs = drift({
      dev: [
        release('dev', 'cccccccccc', 50 * H),
        release('dev', 'bbbbbbbbbb', 20 * H),
        release('dev', 'aaaaaaaaaa', 1 * H),
      ],
      staging: [
        release('staging', 'bbbbbbbbbb', 30 * H),
        release('staging', 'aaaaaaaaaa', 2 * H),
      ],
      prod: [release('prod', 'aaaaaaaaaa', 3 * H)],
    });
    expect(
      pairs.map(p => [p.environment, p.aheadEnvironment, p.behindSince / H]),
    ).toEqual([
      ['staging', 'dev', 50],
      ['prod', 'dev', 20],
      ['prod', 'staging', 30],
    ]);
  });

  it('does not call an environment behind one it moved past', () => {
    const pairs = drift({
      dev: [release('dev', 'bbbbbbbbbb', 10 * H)],
      staging: [release('staging', 'aaaaaaaaaa', 1 * H)],
      prod: [
        release('prod', 'bbbbbbbbbb', 12 * H),
        release('prod', 'aaaaaaaaaa', 2 * H),
      ],
    });
    // prod runs what dev runs; prod ran staging's aaaa and moved on.
    expect(pairs.map(p => [p.environment, p.aheadEnvironment])).toEqual([
      ['staging', 'dev'],
    ]);
  });

  it('treats a rollback as behind', () => {
    const pairs = drift({
      dev: [release('dev', 'bbbbbbbbbb', 10 * H)],
      prod: [
        release('prod', 'aaaaaaaaaa', 14 * H, { intent: 'rollback' }),
        release('prod', 'bbbbbbbbbb', 12 * H),
        release('prod', 'aaaaaaaaaa', 2 * H),
      ],
    });
    expect(pairs).toEqual([
      expect.objectContaining({
        environment: 'prod',
        aheadEnvironment: 'dev',
        behindSince: 14 * H,
      }),
    ]);
  });

  it('skips environments with nothing released', () => {
    expect(
      drift({
        dev: [release('dev', 'bbbbbbbbbb', 10 * H)],
      }),
    ).toEqual([]);
  });
});

import { Entity } from '@backstage/catalog-model';
import { getShuttleProblems, getShuttleVars, gitPlanWebUrl } from './helpers';

const e = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('gitPlanWebUrl', () => {
  it.each([
    [
      'git://git@github.com:lunarway/lw-shuttle-go-plan.git',
      undefined,
      'https://github.com/lunarway/lw-shuttle-go-plan',
    ],
    [
      'git@github.com:lunarway/plan.git',
      'v2',
      'https://github.com/lunarway/plan/tree/v2',
    ],
    [
      'https://github.com/lunarway/lw-shuttle-go-plan.git',
      'release/2024',
      'https://github.com/lunarway/lw-shuttle-go-plan/tree/release%2F2024',
    ],
    [
      'ssh://git@ghe.example.net/lunar/plan.git',
      undefined,
      'https://ghe.example.net/lunar/plan',
    ],
  ])('%s #%s -> %s', (plan, ref, url) => {
    expect(gitPlanWebUrl(plan, ref)).toBe(url);
  });

  it('gives nothing for local paths', () => {
    expect(gitPlanWebUrl('../plan')).toBeUndefined();
    expect(gitPlanWebUrl('file:///tmp/plan')).toBeUndefined();
  });
});

describe('annotation readers', () => {
  it('reads problems and vars, tolerating hand-edited values', () => {
    expect(
      getShuttleProblems(
        e({
          'lunar.app/shuttle-problems': '[{"level":"error","message":"m"}]',
        }),
      ),
    ).toEqual([{ level: 'error', message: 'm' }]);
    expect(
      getShuttleProblems(e({ 'lunar.app/shuttle-problems': 'free text' })),
    ).toEqual([{ level: 'warning', message: 'free text' }]);
    expect(
      getShuttleVars(e({ 'lunar.app/shuttle-vars': '{"squad":"nasa"}' })),
    ).toEqual({ squad: 'nasa' });
    expect(getShuttleVars(e({ 'lunar.app/shuttle-vars': '[1]' }))).toEqual({});
    expect(getShuttleVars(e({}))).toEqual({});
  });
});

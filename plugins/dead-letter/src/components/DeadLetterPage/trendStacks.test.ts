import { trendStacks } from './trendStacks';

describe('trendStacks', () => {
  const trends = {
    days: ['2026-12-05', '2026-12-06'],
    series: [
      {
        environment: 'dev',
        service: 'term-deposit',
        squad: 'group:default/squad-gemini',
        counts: [1, 2],
      },
      {
        environment: 'dev',
        service: '~unassigned',
        squad: 'unassigned',
        counts: [4, 0],
      },
      { environment: 'dev', service: 'ghost', counts: [0, 1] },
    ],
  };

  it('names the unassigned dead letters "Unassigned", apart from the unowned services', () => {
    expect(trendStacks(trends).map(s => [s.label, s.counts])).toEqual([
      ['Unassigned', [4, 0]],
      ['squad-gemini', [1, 2]],
      ['unowned', [0, 1]],
    ]);
    expect(trendStacks(trends, 'unassigned').map(s => s.label)).toEqual([
      'Unassigned',
    ]);
  });
});

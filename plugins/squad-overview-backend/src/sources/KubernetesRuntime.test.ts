import { labelSelectors } from './KubernetesRuntime';

describe('labelSelectors', () => {
  it('selects few services in one selector', () => {
    expect(labelSelectors(['user', 'authentication', 'user'])).toEqual([
      'backstage.io/kubernetes-id in (authentication,user)',
    ]);
  });

  it('splits many services into selectors of at most 2,000 characters, each id once', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `service-number-${i}`);
    const selectors = labelSelectors(ids);
    expect(selectors.length).toBeGreaterThan(1);
    for (const s of selectors) expect(s.length).toBeLessThanOrEqual(2000);
    const selected = selectors.flatMap(s => /\((.*)\)$/.exec(s)![1].split(','));
    expect(selected.sort()).toEqual([...ids].sort());
  });
});

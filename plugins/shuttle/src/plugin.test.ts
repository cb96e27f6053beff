import { Entity } from '@backstage/catalog-model';
import { isShuttleAvailable } from '@internal/backstage-plugin-shuttle-common';
import { shuttlePlugin } from './plugin';

const withAnnotations = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('shuttle plugin', () => {
  it('is the shuttle plugin', () => {
    expect(shuttlePlugin.pluginId).toBe('shuttle');
  });

  it('shows the Build card only where shuttle data or problems are', () => {
    expect(isShuttleAvailable(withAnnotations({}))).toBe(false);
    expect(
      isShuttleAvailable(
        withAnnotations({ 'lunar.app/shuttle-plan-kind': 'none' }),
      ),
    ).toBe(true);
    expect(
      isShuttleAvailable(
        withAnnotations({ 'lunar.app/shuttle-problems': '[]' }),
      ),
    ).toBe(true);
  });
});

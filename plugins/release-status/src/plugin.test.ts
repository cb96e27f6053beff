import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import releaseStatusPlugin from './index';
import { entityReleasesContent, groupReleasesContent } from './plugin';

function component(type: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'term-deposit' },
    spec: { type },
  };
}

describe('release-status plugin', () => {
  it('is the release-status plugin', () => {
    expect(releaseStatusPlugin.pluginId).toBe('release-status');
  });

  it('shows the service tab on service components only', () => {
    const tester = createExtensionTester(entityReleasesContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Releases');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(component('service'))).toBe(true);
    expect(filter(component('library'))).toBe(false);
  });

  it('shows the squad tab on squads only', () => {
    const tester = createExtensionTester(groupReleasesContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Releases');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'squad-gemini' },
        spec: { type: 'squad' },
      }),
    ).toBe(true);
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'tribe-banking' },
        spec: { type: 'tribe' },
      }),
    ).toBe(false);
    expect(filter(component('service'))).toBe(false);
  });
});

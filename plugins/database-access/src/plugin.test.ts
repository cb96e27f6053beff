import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { databaseAccessEntityContent, databaseAccessPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: type ? { type } : {},
});

describe('database-access plugin', () => {
  it('provides the page, the Access tab and the API client', () => {
    for (const id of [
      'page:database-access',
      'entity-content:database-access',
      'api:database-access',
    ] as const) {
      expect(databaseAccessPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('shows the Access tab on database Resources only', () => {
    const tab = createExtensionTester(databaseAccessEntityContent);
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('Access');
    const applies = tab.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Resource', 'database'))).toBe(true);
    expect(applies(entity('Resource', 'queue'))).toBe(false);
    expect(applies(entity('Component', 'database'))).toBe(false);
  });
});

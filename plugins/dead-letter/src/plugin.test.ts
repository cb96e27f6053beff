import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  deadLetterEntityContent,
  deadLetterGroupEntityContent,
  deadLetterPlugin,
} from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: type ? { type } : {},
});

describe('dead-letter plugin', () => {
  it('provides the page, both tabs, the API client and the search result', () => {
    for (const id of [
      'page:dead-letter',
      'entity-content:dead-letter/service',
      'entity-content:dead-letter/group',
      'api:dead-letter',
      'search-result-list-item:dead-letter',
      'search-filter-result-type:dead-letter',
    ] as const) {
      expect(deadLetterPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('shows the service tab on services and the group tab on groups only', () => {
    const serviceTab = createExtensionTester(deadLetterEntityContent);
    expect(serviceTab.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Dead letter',
    );
    const isService = serviceTab.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(isService!(entity('Component', 'service'))).toBe(true);
    expect(isService!(entity('Component', 'library'))).toBe(false);
    expect(isService!(entity('Group'))).toBe(false);

    const isGroup = createExtensionTester(deadLetterGroupEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(isGroup!(entity('Group'))).toBe(true);
    expect(isGroup!(entity('Component', 'service'))).toBe(false);
  });
});

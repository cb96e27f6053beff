import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  DEAD_LETTER_SERVICE_ANNOTATION,
  UNASSIGNED_SERVICE,
} from '@internal/backstage-plugin-dead-letter-common';
import { DeadLetterContent } from '../DeadLetterContent';

/**
 * Stands in for the entity a service tab is on: no entity owns the
 * unassigned dead letters, and the list decides its permissions on the
 * unassigned permission, not on this entity.
 */
const UNASSIGNED_ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'unassigned-dead-letters',
    namespace: 'default',
    title: 'Unassigned',
    annotations: { [DEAD_LETTER_SERVICE_ANNOTATION]: UNASSIGNED_SERVICE },
  },
  spec: { type: 'service' },
};

/** The dead letters whose service could not be told, with the tab's list and actions. */
export const UnassignedDeadLetters = () => (
  <EntityProvider entity={UNASSIGNED_ENTITY}>
    <DeadLetterContent />
  </EntityProvider>
);

import { deadLetterServiceEntityRef } from '@internal/backstage-plugin-dead-letter-common';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** Path of the Dead letter tab of a service's component entity. */
export function useServiceTabLink() {
  const entityLink = useEntityRefLink();
  return useCallback(
    (service: string) =>
      `${entityLink(deadLetterServiceEntityRef(service))}/dead-letter`,
    [entityLink],
  );
}

import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { INGEST_STATUS_CHANNEL } from '@internal/backstage-plugin-dead-letter-common';
import { useEffect, useRef, useState } from 'react';
import { deadLetterApiRef, Environment } from '../../api';

/**
 * The environments with their ingest status as it is now: the list the tab
 * loaded, asked again whenever the backend signals that an environment's
 * ingest status changed (storing began to fail, or works again) and on
 * every reload of the list. A failed ask keeps what is shown; the rest of
 * the tab is not reloaded.
 */
export function useIngestStatus(options: {
  environments?: Environment[];
  /** A change (a reload of the list) asks again. */
  reloadKey: number;
}): Environment[] {
  const { environments, reloadKey } = options;
  const api = useApi(deadLetterApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [changes, setChanges] = useState(0);
  const [fresh, setFresh] = useState<Environment[]>();
  const firstKey = useRef(reloadKey);

  useEffect(() => {
    if (!signals) {
      return undefined;
    }
    const subscription = signals.subscribe(INGEST_STATUS_CHANNEL, () =>
      setChanges(n => n + 1),
    );
    return () => subscription.unsubscribe();
  }, [signals]);

  useEffect(() => {
    // The first load is the tab's own.
    if (changes === 0 && reloadKey === firstKey.current) {
      return undefined;
    }
    let current = true;
    api.listEnvironments().then(
      list => {
        // Unchanged, it renders nothing again (the table is large).
        if (current) {
          setFresh(shown =>
            JSON.stringify(shown) === JSON.stringify(list.environments)
              ? shown
              : list.environments,
          );
        }
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, changes, reloadKey]);

  return fresh ?? environments ?? [];
}

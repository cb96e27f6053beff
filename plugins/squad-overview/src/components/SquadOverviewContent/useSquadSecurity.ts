import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { SQUAD_OVERVIEW_PULSE_CHANNEL } from '@internal/backstage-plugin-squad-overview-common';
import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { PulseMessage, securityApiRef } from '../../api';

/**
 * The squad's CVEs in prod now and since yesterday; fetched again when the
 * squad's pulse announces a release (signals, not polling).
 */
export function useSquadSecurity(squadRef: string) {
  const api = useApi(securityApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const state = useAsyncRetry(
    () => api.getSquadSecurity(squadRef),
    [api, squadRef],
  );
  const { retry } = state;

  useEffect(() => {
    if (!signals) return undefined;
    const subscription = signals.subscribe(
      SQUAD_OVERVIEW_PULSE_CHANNEL,
      message => {
        const m = message as Partial<PulseMessage> | undefined;
        if (m?.squad === squadRef && m.entry?.kind === 'released') {
          retry();
        }
      },
    );
    return () => subscription.unsubscribe();
  }, [signals, squadRef, retry]);

  return state;
}

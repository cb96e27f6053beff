import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useEffect, useState } from 'react';
import {
  DeploymentsResponse,
  PulseKind,
  PulseMessage,
  SquadName,
  squadOverviewApiRef,
} from '../../api';
import { PULSE_CHANNEL } from './usePulse';

/** Pulse kinds that mean a pod or deployment of the squad changed state. */
export const RUNTIME_PULSE_KINDS: ReadonlySet<string> = new Set<PulseKind>([
  'pod-crash-loop',
  'pod-oom-killed',
  'pod-config-error',
  'pod-image-pull',
  'deployment-recovered',
]);

function isRuntimeSignal(
  message: unknown,
  squadRef: string,
): message is PulseMessage {
  const m = message as Partial<PulseMessage> | undefined;
  return (
    m?.squad === squadRef &&
    typeof m.entry?.kind === 'string' &&
    RUNTIME_PULSE_KINDS.has(m.entry.kind)
  );
}

type State = {
  value?: DeploymentsResponse;
  error?: Error;
  /** True until the first answer; later reloads keep the shown value. */
  loading: boolean;
};

/**
 * The squad's deployments, read again whenever the pulse announces a pod or
 * deployment transition of this squad (the backend's poller records them):
 * live without a timer of our own. The reload asks for a read of the
 * clusters no older than the entry, so the card never shows the state from
 * before the change that the pulse announces. A reload keeps the last answer on screen
 * until the new one arrives; a failed reload shows the error.
 */
export function useDeployments(squad: SquadName, squadRef: string) {
  const api = useApi(squadOverviewApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<State>({ loading: true });
  // Each runtime signal reloads, from a read no older than its entry.
  const [reload, setReload] = useState<{ since?: string }>({});

  useEffect(() => {
    // A newer reload (or leaving the page) drops this answer.
    let cancelled = false;
    api.getDeployments(squad, reload).then(
      value =>
        !cancelled && setState({ value, error: undefined, loading: false }),
      error => !cancelled && setState(s => ({ ...s, error, loading: false })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, squad.namespace, squad.name, reload]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!signals) return undefined;
    const subscription = signals.subscribe(PULSE_CHANNEL, message => {
      if (isRuntimeSignal(message, squadRef)) {
        const at = message.entry.at;
        // An entry without a time reloads with whatever the backend keeps.
        setReload({ since: typeof at === 'string' ? at : undefined });
      }
    });
    return () => subscription.unsubscribe();
  }, [signals, squadRef]);

  return { ...state, live: Boolean(signals) };
}

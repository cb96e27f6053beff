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

function isRuntimeSignal(message: unknown, squadRef: string): boolean {
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
 * live without a timer of our own. A reload keeps the last answer on screen
 * until the new one arrives; a failed reload shows the error.
 */
export function useDeployments(squad: SquadName, squadRef: string) {
  const api = useApi(squadOverviewApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<State>({ loading: true });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    // A newer reload (or leaving the page) drops this answer.
    let cancelled = false;
    api.getDeployments(squad).then(
      value =>
        !cancelled && setState({ value, error: undefined, loading: false }),
      error => !cancelled && setState(s => ({ ...s, error, loading: false })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, squad.namespace, squad.name, version]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!signals) return undefined;
    const subscription = signals.subscribe(PULSE_CHANNEL, message => {
      if (isRuntimeSignal(message, squadRef)) setVersion(v => v + 1);
    });
    return () => subscription.unsubscribe();
  }, [signals, squadRef]);

  return { ...state, live: Boolean(signals) };
}

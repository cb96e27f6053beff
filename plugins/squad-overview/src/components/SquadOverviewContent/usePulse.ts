import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useCallback, useEffect, useReducer } from 'react';
import { SQUAD_OVERVIEW_PULSE_CHANNEL } from '@internal/backstage-plugin-squad-overview-common';
import {
  PulseEntry,
  PulseMessage,
  SquadName,
  squadOverviewApiRef,
} from '../../api';

/** The signal channel the backend broadcasts new pulse entries on. */
export const PULSE_CHANNEL = SQUAD_OVERVIEW_PULSE_CHANNEL;

/** One broadcast: a new entry of one squad (the page keeps its own). */
export type PulseSignal = PulseMessage;

export const PAGE_SIZE = 50;

type State = {
  entries: PulseEntry[];
  /** Entries that arrived live, highlighted until the next reload. */
  fresh: Set<string>;
  nextCursor?: string;
  loading: boolean;
  error?: Error;
  loadingOlder: boolean;
  olderError?: Error;
};

type Action =
  | { type: 'loaded'; entries: PulseEntry[]; nextCursor?: string }
  | { type: 'failed'; error: Error }
  | { type: 'loadingOlder' }
  | { type: 'older'; entries: PulseEntry[]; nextCursor?: string }
  | { type: 'olderFailed'; error: Error }
  | { type: 'live'; entry: PulseEntry };

/** Merged newest first, each id once (a live entry may also be in a page). */
function merge(a: PulseEntry[], b: PulseEntry[]): PulseEntry[] {
  const byId = new Map<string, PulseEntry>();
  for (const e of [...a, ...b]) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort((x, y) => y.at.localeCompare(x.at));
}

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'loaded':
      return {
        ...state,
        loading: false,
        error: undefined,
        // Live entries received while the first page loaded stay.
        entries: merge(state.entries, action.entries),
        nextCursor: action.nextCursor,
      };
    case 'failed':
      return { ...state, loading: false, error: action.error };
    case 'loadingOlder':
      return { ...state, loadingOlder: true, olderError: undefined };
    case 'older':
      return {
        ...state,
        loadingOlder: false,
        entries: merge(state.entries, action.entries),
        nextCursor: action.nextCursor,
      };
    case 'olderFailed':
      return { ...state, loadingOlder: false, olderError: action.error };
    case 'live':
      if (state.entries.some(e => e.id === action.entry.id)) return state;
      return {
        ...state,
        entries: merge([action.entry], state.entries),
        fresh: new Set(state.fresh).add(action.entry.id),
      };
    default:
      return state;
  }
}

const initial: State = {
  entries: [],
  fresh: new Set(),
  loading: true,
  loadingOlder: false,
};

function isPulseSignal(message: unknown): message is PulseSignal {
  const m = message as Partial<PulseSignal> | undefined;
  return (
    typeof m?.squad === 'string' &&
    typeof m.entry?.id === 'string' &&
    typeof m.entry.at === 'string' &&
    typeof m.entry.summary === 'string'
  );
}

/**
 * The squad's pulse: the newest page, older pages on demand ("Load older"
 * with the `before` cursor), and entries broadcast on {@link PULSE_CHANNEL}
 * for this squad inserted as they come. Subscribed through the signals API
 * directly rather than `useSignal`, which keeps only the last message and so
 * would drop one of two entries arriving between renders.
 */
export function usePulse(squad: SquadName, squadRef: string) {
  const api = useApi(squadOverviewApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [state, dispatch] = useReducer(reducer, initial);

  useEffect(() => {
    let cancelled = false;
    api.getPulse(squad, { limit: PAGE_SIZE }).then(
      page =>
        !cancelled &&
        dispatch({
          type: 'loaded',
          entries: page.items,
          nextCursor: page.nextCursor,
        }),
      error => !cancelled && dispatch({ type: 'failed', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, squad.namespace, squad.name]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!signals) return undefined;
    const subscription = signals.subscribe(PULSE_CHANNEL, message => {
      if (isPulseSignal(message) && message.squad === squadRef) {
        dispatch({ type: 'live', entry: message.entry });
      }
    });
    return () => subscription.unsubscribe();
  }, [signals, squadRef]);

  const loadOlder = useCallback(() => {
    if (!state.nextCursor || state.loadingOlder) return;
    dispatch({ type: 'loadingOlder' });
    api.getPulse(squad, { before: state.nextCursor, limit: PAGE_SIZE }).then(
      page =>
        dispatch({
          type: 'older',
          entries: page.items,
          nextCursor: page.nextCursor,
        }),
      error => dispatch({ type: 'olderFailed', error }),
    );
  }, [api, squad, state.nextCursor, state.loadingOlder]);

  return { ...state, live: Boolean(signals), loadOlder };
}

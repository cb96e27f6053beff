import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import {
  DeadLetterSummary,
  deadLetterApiRef,
  RedeliverResponse,
} from '../../api';
import { plural } from '../shared/format';

export type ActionOutcome = {
  severity: 'success' | 'warning' | 'error';
  text: string;
};

export type DeadLetterAction = 'delete' | 'redeliver';

/** What a redelivery did, naming the messages that are still stored. */
export function describeRedelivery(
  response: RedeliverResponse,
  rows: DeadLetterSummary[],
): ActionOutcome {
  const failed = response.results.filter(r => r.status !== 'redelivered');
  const total = response.results.length;
  if (failed.length === 0) {
    return {
      severity: 'success',
      text: `Redelivered ${plural(total, 'message')} to their original queues.`,
    };
  }
  const byId = new Map(rows.map(r => [r.id, r]));
  const names = failed
    .map(r => {
      const messageId = byId.get(r.id)?.messageId;
      const name = messageId ? `${messageId} (#${r.id})` : `#${r.id}`;
      return r.error ? `${name}: ${r.error}` : name;
    })
    .join('; ');
  return {
    severity: failed.length === total ? 'error' : 'warning',
    text: `Redelivered ${total - failed.length} of ${plural(
      total,
      'message',
    )}. Failed, still stored: ${names}`,
  };
}

/**
 * Delete and redeliver of the selected rows: which confirmation is open,
 * whether an action runs, and what the last one did. `onDone` runs after
 * every action, successful or not (the list has changed either way).
 */
export function useDeadLetterActions(options: {
  selected: DeadLetterSummary[];
  onDone: () => void;
}) {
  const { selected, onDone } = options;
  const api = useApi(deadLetterApiRef);
  const alertApi = useApi(alertApiRef);
  const [dialog, setDialog] = useState<DeadLetterAction | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();

  const run = useCallback(
    async (action: () => Promise<ActionOutcome>, failure: string) => {
      setBusy(true);
      try {
        setOutcome(await action());
      } catch (e) {
        setOutcome({ severity: 'error', text: `${failure}: ${e}` });
      } finally {
        setBusy(false);
        setDialog(undefined);
        onDone();
      }
    },
    [onDone],
  );

  const runDelete = useCallback(
    () =>
      run(async () => {
        const response = await api.deleteDeadLetters(selected.map(m => m.id));
        const text = `Deleted ${plural(response.deleted.length, 'message')}.`;
        alertApi.post({
          message: text,
          severity: 'success',
          display: 'transient',
        });
        return { severity: 'success', text };
      }, 'Delete failed'),
    [run, api, alertApi, selected],
  );

  const runRedeliver = useCallback(
    () =>
      run(async () => {
        const rows = selected;
        const response = await api.redeliverDeadLetters(rows.map(m => m.id));
        return describeRedelivery(response, rows);
      }, 'Redeliver failed'),
    [run, api, selected],
  );

  const closeDialog = useCallback(() => setDialog(undefined), []);
  const clearOutcome = useCallback(() => setOutcome(undefined), []);

  return {
    /** The action whose confirmation is open. */
    dialog,
    openDialog: setDialog,
    closeDialog,
    busy,
    /** What the last action did, until cleared. */
    outcome,
    clearOutcome,
    runDelete,
    runRedeliver,
  };
}

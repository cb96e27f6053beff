import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import {
  BulkFilter,
  DeadLetterSummary,
  deadLetterApiRef,
  RedeliverResponse,
} from '../../api';
import { plural } from '../shared/format';
import {
  ActionOutcome,
  DeadLetterAction,
  describeBulkError,
  describeBulkJob,
} from './bulkOutcome';
import { BulkPollError, useBulkJob } from './useBulkJob';
import { AllMatching } from './useDeadLetterSelection';

export type { ActionOutcome, DeadLetterAction };

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
 * Delete and redeliver of the selected rows, or of every matching message
 * by filter on the server (`bulk`): which confirmation is open, whether an
 * action runs (with a bulk job's progress), and what the last one did.
 * `onDone` runs after every action, successful or not (the list has changed
 * either way).
 */
export function useDeadLetterActions(options: {
  selected: DeadLetterSummary[];
  /** Set while every matching message is selected: act by filter. */
  bulk?: { filter: BulkFilter; allMatching: AllMatching };
  onDone: () => void;
}) {
  const { selected, bulk, onDone } = options;
  const api = useApi(deadLetterApiRef);
  const alertApi = useApi(alertApiRef);
  const { job, start: startBulk } = useBulkJob();
  const [dialog, setDialog] = useState<DeadLetterAction | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();

  const run = useCallback(
    async (action: () => Promise<ActionOutcome>, failure: string) => {
      setBusy(true);
      setOutcome(undefined);
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

  /** By filter on the server: the dialog closes once the job has started. */
  const runBulk = useCallback(
    (action: DeadLetterAction) =>
      run(async () => {
        const { filter, allMatching } = bulk!;
        try {
          const finished = await startBulk(
            {
              action,
              filter,
              upToId: allMatching.upToId,
              expectedCount: allMatching.count,
            },
            () => setDialog(undefined),
          );
          return describeBulkJob(finished);
        } catch (e) {
          return e instanceof BulkPollError
            ? describeBulkError(action, allMatching.count, e.reason, e.job)
            : describeBulkError(action, allMatching.count, e);
        }
      }, ''),
    [run, bulk, startBulk],
  );

  const runDelete = useCallback(() => {
    if (bulk) {
      return runBulk('delete');
    }
    return run(async () => {
      const response = await api.deleteDeadLetters(selected.map(m => m.id));
      const text = `Deleted ${plural(response.deleted.length, 'message')}.`;
      alertApi.post({
        message: text,
        severity: 'success',
        display: 'transient',
      });
      return { severity: 'success', text };
    }, 'Delete failed');
  }, [bulk, runBulk, run, api, alertApi, selected]);

  const runRedeliver = useCallback(() => {
    if (bulk) {
      return runBulk('redeliver');
    }
    return run(async () => {
      const rows = selected;
      const response = await api.redeliverDeadLetters(rows.map(m => m.id));
      return describeRedelivery(response, rows);
    }, 'Redeliver failed');
  }, [bulk, runBulk, run, api, selected]);

  const closeDialog = useCallback(() => setDialog(undefined), []);
  const clearOutcome = useCallback(() => setOutcome(undefined), []);

  return {
    /** The action whose confirmation is open. */
    dialog,
    openDialog: setDialog,
    closeDialog,
    busy,
    /** A running bulk job's latest progress. */
    job,
    /** What the last action did, until cleared. */
    outcome,
    /** Shows what an action elsewhere (the detail view) did. */
    setOutcome,
    clearOutcome,
    runDelete,
    runRedeliver,
  };
}

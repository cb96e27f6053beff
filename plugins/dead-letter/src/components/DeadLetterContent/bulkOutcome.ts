import { BulkJob } from '../../api';
import { formatCount, plural } from '../shared/format';

export type ActionOutcome = {
  severity: 'success' | 'warning' | 'error';
  text: string;
  /** Lines under the text, e.g. the first failures. */
  details?: string[];
};

export type DeadLetterAction = 'delete' | 'redeliver';

const DONE = { delete: 'Deleted', redeliver: 'Redelivered' };
const RUNNING = { delete: 'Deleting', redeliver: 'Redelivering' };
const NAME = { delete: 'Delete', redeliver: 'Redeliver' };

/** "Delete progress": the accessible name of a running job's progress bar. */
export function progressLabel(action: DeadLetterAction): string {
  return `${NAME[action]} progress`;
}

/** "Deleting: 500 of 1,234 messages processed." */
export function progressText(job: BulkJob): string {
  return `${RUNNING[job.action]}: ${formatCount(job.processed)} of ${plural(
    job.total,
    'message',
  )} processed.`;
}

/** Percent done, for a determinate progress bar. */
export function progressValue(job: BulkJob): number {
  return job.total > 0 ? Math.min(100, (job.processed / job.total) * 100) : 100;
}

/**
 * What a finished bulk job did: "Deleted 1,234 messages.", or with failures
 * "Redelivered 1,200 of 1,234; 34 failed." and the first failures listed.
 */
export function describeBulkJob(job: BulkJob): ActionOutcome {
  const done = DONE[job.action];
  const details = job.failures.map(f => `#${f.id}: ${f.error}`);
  const counts =
    job.failed > 0 || job.succeeded !== job.total
      ? `${done} ${formatCount(job.succeeded)} of ${formatCount(job.total)}${
          job.failed > 0 ? `; ${formatCount(job.failed)} failed` : ''
        }.`
      : `${done} ${plural(job.succeeded, 'message')}.`;
  if (job.state === 'failed') {
    return {
      severity: 'error',
      text: `${NAME[job.action]} stopped: ${
        job.error ?? 'unknown error'
      }. ${counts}`,
      details,
    };
  }
  let severity: ActionOutcome['severity'] = 'success';
  if (job.failed > 0) {
    severity = job.succeeded === 0 ? 'error' : 'warning';
  }
  return {
    severity,
    text: counts,
    details: details.length ? details : undefined,
  };
}

/**
 * Why a bulk action did not start (a 409: more match than confirmed), or
 * that its progress could not be followed (`job` set: it still runs).
 */
export function describeBulkError(
  action: DeadLetterAction,
  confirmed: number,
  error: unknown,
  job?: BulkJob,
): ActionOutcome {
  if (job) {
    return {
      severity: 'warning',
      text: `Lost track of the ${action} after ${formatCount(
        job.processed,
      )} of ${plural(
        job.total,
        'message',
      )}: ${error}. It continues on the server; refresh to see what is left.`,
    };
  }
  const status = (error as { statusCode?: number })?.statusCode;
  if (status === 409) {
    const nothing = action === 'delete' ? 'deleted' : 'redelivered';
    return {
      severity: 'error',
      text: `Nothing was ${nothing}: more messages match than the ${formatCount(
        confirmed,
      )} you confirmed. The list is reloaded; select all matching again to confirm the new count.`,
    };
  }
  return { severity: 'error', text: `${NAME[action]} failed: ${error}` };
}

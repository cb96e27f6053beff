import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useEffect, useRef, useState } from 'react';
import { BulkJob, BulkRequest, deadLetterApiRef } from '../../api';

/** How often a running job is asked for its progress. */
export const BULK_POLL_MS = 500;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The job started, but asking for its progress failed: it still runs. */
export class BulkPollError extends Error {
  constructor(readonly job: BulkJob, readonly reason: unknown) {
    super(`${reason}`);
    this.name = 'BulkPollError';
  }
}

/**
 * Starts a bulk job on the server and follows it until it is done or
 * failed. `start` resolves with the finished job (or rejects when the job
 * could not be started or followed); `job` is the latest progress while it
 * runs. Leaving the view stops the polling, not the job.
 */
export function useBulkJob() {
  const api = useApi(deadLetterApiRef);
  const [job, setJob] = useState<BulkJob | undefined>();
  const active = useRef(true);
  useEffect(() => {
    active.current = true;
    return () => {
      active.current = false;
    };
  }, []);

  const start = useCallback(
    async (
      request: BulkRequest,
      /** Called once the server has accepted the job. */
      onStarted: () => void,
    ): Promise<BulkJob> => {
      let current = await api.startBulkAction(request);
      onStarted();
      try {
        while (current.state === 'running' && active.current) {
          setJob(current);
          await sleep(BULK_POLL_MS);
          if (!active.current) {
            break;
          }
          try {
            current = await api.getBulkAction(current.id);
          } catch (e) {
            throw new BulkPollError(current, e);
          }
        }
        return current;
      } finally {
        if (active.current) {
          setJob(undefined);
        }
      }
    },
    [api],
  );

  return { job, start };
}

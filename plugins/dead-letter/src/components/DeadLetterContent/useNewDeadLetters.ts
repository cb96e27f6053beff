import { useApiHolder } from '@backstage/frontend-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { NEW_DEAD_LETTERS_CHANNEL } from '@internal/backstage-plugin-dead-letter-common';
import { useEffect, useState } from 'react';

/** One stored batch: `count` new messages of `service` in `environment`. */
export type NewDeadLettersSignal = {
  environment: string;
  service: string;
  count: number;
};

/**
 * How many dead letters of the open service and environment arrived (as
 * signalled by the backend) since the list was last loaded. Counted from
 * every signal: `useSignal` keeps only the last one, and two batches can
 * arrive between renders. Without the signals API, always 0.
 */
export function useNewDeadLetters(options: {
  environment: string;
  service: string;
  /** A change (a reload of the list) starts the count again. */
  resetKey: number;
}): number {
  const { environment, service, resetKey } = options;
  const signals = useApiHolder().get(signalApiRef);
  const key = `${environment}\n${service}\n${resetKey}`;
  const [counted, setCounted] = useState({ key, count: 0 });

  useEffect(() => {
    if (!signals || !environment) {
      return undefined;
    }
    const subscription = signals.subscribe<NewDeadLettersSignal>(
      NEW_DEAD_LETTERS_CHANNEL,
      message => {
        const count = Number(message.count);
        if (
          message.environment === environment &&
          message.service === service &&
          Number.isFinite(count) &&
          count > 0
        ) {
          setCounted(c => ({
            key,
            count: (c.key === key ? c.count : 0) + count,
          }));
        }
      },
    );
    return () => subscription.unsubscribe();
  }, [signals, environment, service, key]);

  return counted.key === key ? counted.count : 0;
}

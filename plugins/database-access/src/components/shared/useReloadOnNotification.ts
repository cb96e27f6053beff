import { useApiHolder } from '@backstage/frontend-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

/** The channel the notifications backend signals each user's new notifications on. */
const NOTIFICATIONS_CHANNEL = 'notifications';

/**
 * Reloads when the signed-in user gets a new notification: the backend
 * notifies approvers of each request and requesters of each decision, so
 * the lists change exactly then (no polling). Without the signals API, never.
 */
export function useReloadOnNotification(reload: () => void) {
  const signals = useApiHolder().get(signalApiRef);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    if (!signals) {
      return undefined;
    }
    const subscription = signals.subscribe<{ action?: string }>(
      NOTIFICATIONS_CHANNEL,
      message => {
        if (message.action === 'new_notification') {
          latest.current();
        }
      },
    );
    return () => subscription.unsubscribe();
  }, [signals]);
}

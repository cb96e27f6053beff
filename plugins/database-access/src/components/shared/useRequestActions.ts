import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import { AccessRequest, Credentials, databaseAccessApiRef } from '../../api';

export type RequestAction = 'approve' | 'reject' | 'revoke';

/**
 * The state machine of the row actions: which dialog is open for which
 * request, whether the call runs, its error, and the credentials shown once.
 */
export function useRequestActions(onChanged: () => void) {
  const api = useApi(databaseAccessApiRef);
  const [pending, setPending] = useState<
    { action: RequestAction; request: AccessRequest } | undefined
  >();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [credentials, setCredentials] = useState<
    { request: AccessRequest; credentials: Credentials } | undefined
  >();

  const open = useCallback((action: RequestAction, request: AccessRequest) => {
    setError(undefined);
    setPending({ action, request });
  }, []);

  const cancel = useCallback(() => setPending(undefined), []);

  const run = useCallback(
    async (call: () => Promise<unknown>) => {
      setBusy(true);
      setError(undefined);
      try {
        await call();
      } catch (e) {
        setError(e as Error);
      } finally {
        setBusy(false);
        setPending(undefined);
        onChanged();
      }
    },
    [onChanged],
  );

  const confirm = useCallback(
    (text: string) => {
      if (!pending) {
        return;
      }
      const { action, request } = pending;
      run(() => {
        if (action === 'approve') {
          return api.approveRequest(request.id, text || undefined);
        }
        if (action === 'reject') {
          return api.rejectRequest(request.id, text);
        }
        return api.revokeRequest(request.id, text || undefined);
      });
    },
    [api, pending, run],
  );

  const showCredentials = useCallback(
    (request: AccessRequest) =>
      run(async () => {
        setCredentials({
          request,
          credentials: await api.issueCredentials(request.id),
        });
      }),
    [api, run],
  );

  return {
    pending,
    busy,
    error,
    credentials,
    open,
    cancel,
    confirm,
    showCredentials,
    closeCredentials: useCallback(() => setCredentials(undefined), []),
    dismissError: useCallback(() => setError(undefined), []),
  };
}

import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import { AccessHistoryQuery, databaseAccessApiRef } from '../../api';

/**
 * Downloads the access history as CSV. A plain link would go without the
 * user's token, so the file is fetched through the API client and handed to
 * the browser as a Blob.
 */
export function useCsvExport(query: AccessHistoryQuery) {
  const api = useApi(databaseAccessApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const download = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await api.exportAccessHistoryCsv(query);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'database-access-history.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
      // Give the browser the time to start the download before freeing it.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }, [api, query]);
  return { download, busy, error };
}

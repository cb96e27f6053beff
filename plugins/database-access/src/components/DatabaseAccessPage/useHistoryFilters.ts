import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import { useCallback, useMemo } from 'react';
import { AccessHistoryQuery } from '../../api';

export interface HistoryFilters {
  /** Database entity ref, '' for any. */
  database: string;
  /** User entity ref or name, '' for any. */
  user: string;
  environment: string;
  /** ISO 8601, '' for no bound. */
  from: string;
  to: string;
}

const KEYS: (keyof HistoryFilters)[] = [
  'database',
  'user',
  'environment',
  'from',
  'to',
];

function isoOrEmpty(value: string | null): string {
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
}

export function readHistoryFilters(params: URLSearchParams): HistoryFilters {
  return {
    database: params.get('database') ?? '',
    user: params.get('user') ?? '',
    environment: params.get('environment') ?? '',
    from: isoOrEmpty(params.get('from')),
    to: isoOrEmpty(params.get('to')),
  };
}

/** The filters as API query parameters (empty ones left out). */
export function toHistoryQuery(filters: HistoryFilters): AccessHistoryQuery {
  const query: AccessHistoryQuery = {};
  for (const key of KEYS) {
    if (filters[key]) {
      query[key] = filters[key];
    }
  }
  return query;
}

/** The History tab's filters, kept in the URL so that a link shows the same. */
export function useHistoryFilters() {
  const [params, setParams] = useAppSearchParams();
  const filters = useMemo(() => readHistoryFilters(params), [params]);
  const setFilters = useCallback(
    (next: HistoryFilters) => {
      // Other parameters (the page's tab) stay.
      const out = new URLSearchParams(params);
      for (const key of KEYS) {
        if (next[key]) {
          out.set(key, next[key]);
        } else {
          out.delete(key);
        }
      }
      setParams(out);
    },
    [params, setParams],
  );
  return [filters, setFilters] as const;
}

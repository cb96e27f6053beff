import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import { useCallback, useMemo } from 'react';

export const DEFAULT_PAGE_SIZE = 50;

/** What the tab shows, as kept in the URL so that a link shows the same. */
export interface DeadLetterFilters {
  /** '' until one is picked (the view then shows the first configured). */
  environment: string;
  q: string;
  queue: string;
  /** undefined: any error; null: only messages without one. */
  error: string | null | undefined;
  /** Died at or after / at or before, ISO 8601; '' for no bound. */
  from: string;
  to: string;
  order: 'asc' | 'desc';
  /** Zero-based. */
  page: number;
  pageSize: number;
}

/** `errorIsNull=true` stands for the messages without an error, as in the API. */
const ERROR_IS_NULL = 'errorIsNull';

function isoOrEmpty(value: string | null): string {
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function readFilters(params: URLSearchParams): DeadLetterFilters {
  let error: string | null | undefined = params.get('error') || undefined;
  if (params.get(ERROR_IS_NULL) === 'true') {
    error = null;
  }
  return {
    environment: params.get('environment') ?? '',
    q: params.get('q') ?? '',
    queue: params.get('queue') ?? '',
    error,
    from: isoOrEmpty(params.get('from')),
    to: isoOrEmpty(params.get('to')),
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    // One-based in the URL, as people count pages.
    page: positive(params.get('page'), 1) - 1,
    pageSize: positive(params.get('pageSize'), DEFAULT_PAGE_SIZE),
  };
}

/** Sets the filters' parameters on `params`, leaving defaults out of the URL. */
export function writeFilters(
  params: URLSearchParams,
  filters: DeadLetterFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const put = (name: string, value: string | undefined) => {
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
  };
  put('environment', filters.environment);
  put('q', filters.q);
  put('queue', filters.queue);
  put('error', filters.error ?? undefined);
  put(ERROR_IS_NULL, filters.error === null ? 'true' : undefined);
  put('from', filters.from);
  put('to', filters.to);
  put('order', filters.order === 'asc' ? 'asc' : undefined);
  put('page', filters.page > 0 ? String(filters.page + 1) : undefined);
  put(
    'pageSize',
    filters.pageSize !== DEFAULT_PAGE_SIZE
      ? String(filters.pageSize)
      : undefined,
  );
  return next;
}

/**
 * The tab's environment, filters, search, order and page in the URL query.
 * Every change but a page change starts again at the first page.
 */
export function useDeadLetterFilters() {
  const [params, setParams] = useAppSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const update = useCallback(
    (patch: Partial<DeadLetterFilters>) =>
      setParams(
        previous =>
          writeFilters(previous, {
            ...readFilters(previous),
            page: 0,
            ...patch,
          }),
        { replace: true },
      ),
    [setParams],
  );
  return { filters, update };
}

/** The message open in the detail view, as `?id=` (a link can open it). */
export function useOpenMessage() {
  const [params, setParams] = useAppSearchParams();
  const id = params.get('id') || undefined;
  const setId = useCallback(
    (next: string | undefined) =>
      setParams(
        previous => {
          const updated = new URLSearchParams(previous);
          if (next) {
            updated.set('id', next);
          } else {
            updated.delete('id');
          }
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [id, setId] as const;
}

import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { DeadLetterList, deadLetterApiRef, EnvironmentList } from '../../api';
import {
  DEFAULT_PAGE_SIZE,
  useDeadLetterFilters,
} from './useDeadLetterFilters';

export { DEFAULT_PAGE_SIZE };
export const PAGE_SIZE_OPTIONS = [20, 50, 100];
const SEARCH_DEBOUNCE_MS = 300;

/** True when rows exist after the given zero-based page. */
export function hasNextPage(page: number, pageSize: number, total: number) {
  return (page + 1) * pageSize < total;
}

/**
 * One service's dead letters, a page at a time: the environment, filters,
 * order, page and search the list is for (kept in the URL), the list
 * itself, and a reload.
 */
export function useDeadLetterPages(options: {
  service: string;
  /** The configured environments; undefined while they load. */
  environments: EnvironmentList | undefined;
}) {
  const { service, environments } = options;
  const api = useApi(deadLetterApiRef);
  const { filters, update } = useDeadLetterFilters();
  const { page, pageSize, q: search, queue, error, from, to, order } = filters;

  // Until the user picks one, the first configured environment.
  const environment =
    filters.environment || environments?.environments[0]?.name || '';
  const [searchInput, setSearchInput] = useState(search);
  const [queueInput, setQueueInput] = useState(queue);
  const [reloadKey, setReloadKey] = useState(0);

  useDebounce(
    () => {
      const next = { q: searchInput.trim(), queue: queueInput.trim() };
      if (next.q !== search || next.queue !== queue) {
        update(next);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [searchInput, queueInput],
  );

  const ready =
    Boolean(environments) &&
    (!!environment || !environments?.environments.length);

  // Pages of the current query, so that "next page" is usually already
  // here: the page after the shown one is fetched in the background. A new
  // query, a refresh or an action starts a new cache.
  const query = useMemo(
    () => ({
      environment: environment || undefined,
      service,
      q: search || undefined,
      queue: queue || undefined,
      error: error ?? undefined,
      errorIsNull: error === null ? true : undefined,
      from: from || undefined,
      to: to || undefined,
      // The backend's default (newest first) stays out of the request.
      order: order === 'asc' ? ('asc' as const) : undefined,
    }),
    [environment, service, search, queue, error, from, to, order],
  );
  const pages = useMemo(
    () => new Map<number, Promise<DeadLetterList>>(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, query, pageSize, reloadKey],
  );
  const fetchPage = useCallback(
    (n: number) => {
      let request = pages.get(n);
      if (!request) {
        request = api.listDeadLetters({
          ...query,
          offset: n * pageSize,
          limit: pageSize,
        });
        request.catch(() => pages.delete(n));
        pages.set(n, request);
      }
      return request;
    },
    [pages, api, query, pageSize],
  );
  const list = useAsync(
    async () => (ready ? fetchPage(page) : undefined),
    [ready, fetchPage, page],
  );
  useEffect(() => {
    if (list.value && hasNextPage(page, pageSize, list.value.totalCount)) {
      fetchPage(page + 1).catch(() => undefined);
    }
  }, [list.value, page, pageSize, fetchPage]);

  const setEnvironment = useCallback(
    (name: string) => update({ environment: name }),
    [update],
  );

  /** The table's page change: a new page size starts again at the first page. */
  const onPageChange = useCallback(
    (newPage: number, newPageSize: number) => {
      if (newPageSize !== pageSize) {
        update({ pageSize: newPageSize, page: 0 });
      } else {
        update({ page: newPage });
      }
    },
    [pageSize, update],
  );

  const reload = useCallback(() => setReloadKey(k => k + 1), []);
  /** The first page again, fetched anew (where new dead letters show). */
  const reloadFirstPage = useCallback(() => {
    update({ page: 0 });
    reload();
  }, [update, reload]);

  return {
    environment,
    setEnvironment,
    page,
    pageSize,
    onPageChange,
    searchInput,
    setSearchInput,
    queueInput,
    setQueueInput,
    /** The search the list is for: the trimmed input, once typing pauses. */
    search,
    /** Error, time range and order as in the URL, and a change to them. */
    filters,
    update,
    /** True when anything but the environment narrows the list. */
    filtered: Boolean(search || queue || error !== undefined || from || to),
    /** The list's filters as sent (without paging). */
    query,
    list,
    reload,
    reloadFirstPage,
    /** Changes on every reload, for views that must refresh with the list. */
    reloadKey,
  };
}

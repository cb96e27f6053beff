import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { DeadLetterList, deadLetterApiRef, EnvironmentList } from '../../api';

export const DEFAULT_PAGE_SIZE = 50;
export const PAGE_SIZE_OPTIONS = [20, 50, 100];
const SEARCH_DEBOUNCE_MS = 300;

/** True when rows exist after the given zero-based page. */
export function hasNextPage(page: number, pageSize: number, total: number) {
  return (page + 1) * pageSize < total;
}

/**
 * One service's dead letters, a page at a time: the environment, page, page
 * size and search the list is for, the list itself, and a reload.
 */
export function useDeadLetterPages(options: {
  service: string;
  /** The configured environments; undefined while they load. */
  environments: EnvironmentList | undefined;
}) {
  const { service, environments } = options;
  const api = useApi(deadLetterApiRef);

  const [pickedEnvironment, setPickedEnvironment] = useState('');
  // Until the user picks one, the first configured environment.
  const environment =
    pickedEnvironment || environments?.environments[0]?.name || '';
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  const [reloadKey, setReloadKey] = useState(0);

  useDebounce(
    () => {
      setSearch(searchInput.trim());
      setPage(0);
    },
    SEARCH_DEBOUNCE_MS,
    [searchInput],
  );

  const ready =
    Boolean(environments) &&
    (!!environment || !environments?.environments.length);

  // Pages of the current query, so that "next page" is usually already
  // here: the page after the shown one is fetched in the background. A new
  // query, a refresh or an action starts a new cache.
  const pages = useMemo(
    () => new Map<number, Promise<DeadLetterList>>(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, environment, service, search, pageSize, reloadKey],
  );
  const fetchPage = useCallback(
    (n: number) => {
      let request = pages.get(n);
      if (!request) {
        request = api.listDeadLetters({
          environment: environment || undefined,
          service,
          q: search || undefined,
          offset: n * pageSize,
          limit: pageSize,
        });
        request.catch(() => pages.delete(n));
        pages.set(n, request);
      }
      return request;
    },
    [pages, api, environment, service, search, pageSize],
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

  const setEnvironment = useCallback((name: string) => {
    setPickedEnvironment(name);
    setPage(0);
  }, []);

  /** The table's page change: a new page size starts again at the first page. */
  const onPageChange = useCallback(
    (newPage: number, newPageSize: number) => {
      if (newPageSize !== pageSize) {
        setPageSize(newPageSize);
        setPage(0);
      } else {
        setPage(newPage);
      }
    },
    [pageSize],
  );

  const reload = useCallback(() => setReloadKey(k => k + 1), []);

  return {
    environment,
    setEnvironment,
    page,
    pageSize,
    onPageChange,
    searchInput,
    setSearchInput,
    /** The search the list is for: the trimmed input, once typing pauses. */
    search,
    list,
    reload,
    /** Changes on every reload, for views that must refresh with the list. */
    reloadKey,
  };
}

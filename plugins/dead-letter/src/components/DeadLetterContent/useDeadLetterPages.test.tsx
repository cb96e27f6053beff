import { coreApis } from '@backstage/frontend-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import {
  DeadLetterApi,
  deadLetterApiRef,
  DeadLetterList,
  EnvironmentList,
  ListDeadLettersRequest,
} from '../../api';
import { makeMessage } from '../../__testUtils__/fakeBackend';
import {
  DEFAULT_PAGE_SIZE,
  hasNextPage,
  useDeadLetterPages,
} from './useDeadLetterPages';

const environments: EnvironmentList = {
  environments: [
    { name: 'dev', queues: ['dev.dead-letters'] },
    { name: 'staging', queues: ['staging.dead-letters'] },
  ],
  logLinkTemplate: null,
  ingest: true,
} as EnvironmentList;

/** An API of `count` stored messages that records what was asked. */
function fakeApi(count: number) {
  const messages = Array.from({ length: count }, (_, i) =>
    makeMessage(count - i),
  );
  const listDeadLetters = jest.fn(
    async (request: ListDeadLettersRequest): Promise<DeadLetterList> => {
      const offset = request.offset ?? 0;
      const limit = request.limit ?? DEFAULT_PAGE_SIZE;
      return {
        items: messages.slice(offset, offset + limit),
        totalCount: messages.length,
        offset,
        limit,
      } as DeadLetterList;
    },
  );
  const api = { listDeadLetters } as Partial<DeadLetterApi> as DeadLetterApi;
  const requests = () => listDeadLetters.mock.calls.map(([request]) => request);
  return { api, listDeadLetters, requests };
}

function renderPages(
  api: DeadLetterApi,
  initial: { environments?: EnvironmentList } = { environments },
) {
  // The page, environment and search live in the URL.
  const history = mockApis.appHistory();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[
        [deadLetterApiRef, api],
        [coreApis.appHistory, history],
      ]}
    >
      {children}
    </TestApiProvider>
  );
  return renderHook(
    (props: { environments?: EnvironmentList }) =>
      useDeadLetterPages({
        service: 'term-deposit',
        environments: props.environments,
      }),
    { wrapper, initialProps: initial },
  );
}

describe('hasNextPage', () => {
  it('is true only while rows remain after the page', () => {
    expect(hasNextPage(0, 50, 117)).toBe(true);
    expect(hasNextPage(1, 50, 117)).toBe(true);
    expect(hasNextPage(2, 50, 117)).toBe(false);
    expect(hasNextPage(0, 50, 50)).toBe(false);
    expect(hasNextPage(0, 50, 0)).toBe(false);
  });
});

describe('useDeadLetterPages', () => {
  it('waits for the environments, then lists the first one and fetches the next page ahead', async () => {
    const { api, requests } = fakeApi(117);
    const { result, rerender } = renderPages(api, {});
    expect(result.current.environment).toBe('');
    expect(requests()).toEqual([]);

    rerender({ environments });

    await waitFor(() =>
      expect(result.current.list.value?.totalCount).toBe(117),
    );
    expect(result.current.environment).toBe('dev');
    expect(result.current.list.value?.items[0].messageId).toBe('msg-0117');
    await waitFor(() => expect(requests()).toHaveLength(2));
    expect(requests()).toEqual([
      {
        environment: 'dev',
        service: 'term-deposit',
        q: undefined,
        offset: 0,
        limit: 50,
      },
      {
        environment: 'dev',
        service: 'term-deposit',
        q: undefined,
        offset: 50,
        limit: 50,
      },
    ]);
  });

  it('lists every environment when none is configured', async () => {
    const { api, requests } = fakeApi(3);
    const { result } = renderPages(api, {
      environments: { ...environments, environments: [] },
    });
    await waitFor(() => expect(result.current.list.value?.totalCount).toBe(3));
    expect(requests()[0].environment).toBeUndefined();
  });

  it('serves a page fetched ahead from its cache, and fetches none past the last', async () => {
    const { api, requests } = fakeApi(117);
    const { result } = renderPages(api);
    await waitFor(() => expect(requests()).toHaveLength(2));

    act(() => result.current.onPageChange(1, 50));
    await waitFor(() =>
      expect(result.current.list.value?.items[0].messageId).toBe('msg-0067'),
    );
    expect(result.current.page).toBe(1);
    await waitFor(() => expect(requests()).toHaveLength(3));
    expect(requests()[2].offset).toBe(100);

    act(() => result.current.onPageChange(2, 50));
    await waitFor(() =>
      expect(result.current.list.value?.items).toHaveLength(17),
    );
    act(() => result.current.onPageChange(0, 50));
    await waitFor(() =>
      expect(result.current.list.value?.items[0].messageId).toBe('msg-0117'),
    );
    // Page 3 does not exist, and the first page was still cached.
    expect(requests().map(r => r.offset)).toEqual([0, 50, 100]);
  });

  it('starts again at the first page when the page size changes', async () => {
    const { api, requests } = fakeApi(117);
    const { result } = renderPages(api);
    await waitFor(() => expect(result.current.list.value).toBeDefined());
    act(() => result.current.onPageChange(2, 50));
    await waitFor(() => expect(result.current.page).toBe(2));

    act(() => result.current.onPageChange(2, 20));

    expect(result.current.page).toBe(0);
    expect(result.current.pageSize).toBe(20);
    await waitFor(() =>
      expect(result.current.list.value?.items).toHaveLength(20),
    );
    expect(requests()).toContainEqual(
      expect.objectContaining({ offset: 0, limit: 20 }),
    );
  });

  it('starts again at the first page of a newly picked environment', async () => {
    const { api, requests } = fakeApi(117);
    const { result } = renderPages(api);
    await waitFor(() => expect(result.current.list.value).toBeDefined());
    act(() => result.current.onPageChange(1, 50));
    await waitFor(() => expect(result.current.page).toBe(1));

    act(() => result.current.setEnvironment('staging'));

    expect(result.current.environment).toBe('staging');
    expect(result.current.page).toBe(0);
    await waitFor(() =>
      expect(requests()).toContainEqual(
        expect.objectContaining({ environment: 'staging', offset: 0 }),
      ),
    );
  });

  it('searches for the trimmed input once typing pauses, from the first page', async () => {
    const { api, requests } = fakeApi(117);
    const { result } = renderPages(api);
    await waitFor(() => expect(result.current.list.value).toBeDefined());
    act(() => result.current.onPageChange(1, 50));
    await waitFor(() => expect(result.current.page).toBe(1));

    act(() => result.current.setSearchInput('  corr-0042 '));
    expect(result.current.searchInput).toBe('  corr-0042 ');
    expect(result.current.search).toBe('');

    await waitFor(() => expect(result.current.search).toBe('corr-0042'));
    expect(result.current.page).toBe(0);
    await waitFor(() =>
      expect(requests()).toContainEqual(
        expect.objectContaining({ q: 'corr-0042', offset: 0 }),
      ),
    );
  });

  it('fetches the shown page again on reload', async () => {
    const { api, requests } = fakeApi(3);
    const { result } = renderPages(api);
    await waitFor(() => expect(result.current.list.value).toBeDefined());
    expect(requests()).toHaveLength(1);
    const before = result.current.reloadKey;

    act(() => result.current.reload());

    expect(result.current.reloadKey).not.toBe(before);
    await waitFor(() => expect(requests()).toHaveLength(2));
    expect(requests()[1].offset).toBe(0);
  });

  it('reports a failed page', async () => {
    const { api, listDeadLetters } = fakeApi(3);
    listDeadLetters.mockRejectedValueOnce(new Error('database is down'));
    const { result } = renderPages(api);
    await waitFor(() =>
      expect(result.current.list.error?.message).toBe('database is down'),
    );
  });

  it('asks again for a page whose fetch ahead failed', async () => {
    const { api, listDeadLetters, requests } = fakeApi(117);
    const list = listDeadLetters.getMockImplementation()!;
    let failures = 0;
    listDeadLetters.mockImplementation(async request => {
      if (request.offset === 50 && failures++ === 0) {
        throw new Error('connection reset');
      }
      return list(request);
    });
    const { result } = renderPages(api);
    await waitFor(() => expect(failures).toBe(1));

    act(() => result.current.onPageChange(1, 50));

    await waitFor(() =>
      expect(result.current.list.value?.items[0].messageId).toBe('msg-0067'),
    );
    expect(result.current.list.error).toBeUndefined();
    expect(requests().map(r => r.offset)).toEqual([0, 50, 50, 100]);
  });
});

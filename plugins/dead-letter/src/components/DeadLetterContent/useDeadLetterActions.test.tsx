import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import {
  DeadLetterApi,
  deadLetterApiRef,
  DeadLetterSummary,
  RedeliverResponse,
} from '../../api';
import { makeMessage } from '../../__testUtils__/fakeBackend';
import { useDeadLetterActions } from './useDeadLetterActions';

const rows: DeadLetterSummary[] = [makeMessage(3), makeMessage(2)];

function renderActions(api: Partial<DeadLetterApi>) {
  const alertApi = mockApis.alert();
  const onDone = jest.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[deadLetterApiRef, api], alertApi]}>
      {children}
    </TestApiProvider>
  );
  const hook = renderHook(
    () => useDeadLetterActions({ selected: rows, onDone }),
    { wrapper },
  );
  return { ...hook, alertApi, onDone };
}

function redelivered(
  ...results: RedeliverResponse['results']
): Partial<DeadLetterApi> {
  return { redeliverDeadLetters: jest.fn().mockResolvedValue({ results }) };
}

describe('useDeadLetterActions', () => {
  it('deletes the selected rows, says how many, and closes the confirmation', async () => {
    let finish: (value: { deleted: string[] }) => void = () => {};
    const deleteDeadLetters = jest.fn(
      () => new Promise<{ deleted: string[] }>(r => (finish = r)),
    );
    const { result, alertApi, onDone } = renderActions({ deleteDeadLetters });
    act(() => result.current.openDialog('delete'));
    expect(result.current.dialog).toBe('delete');

    let done: Promise<void> = Promise.resolve();
    act(() => {
      done = result.current.runDelete();
    });
    expect(result.current.busy).toBe(true);
    expect(deleteDeadLetters).toHaveBeenCalledWith(['3', '2']);
    await act(async () => {
      finish({ deleted: ['3', '2'] });
      await done;
    });

    expect(result.current.outcome).toEqual({
      severity: 'success',
      text: 'Deleted 2 messages.',
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.dialog).toBeUndefined();
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(alertApi.getAlerts()).toEqual([
      expect.objectContaining({
        message: 'Deleted 2 messages.',
        severity: 'success',
      }),
    ]);
  });

  it('says a delete failed, and still refreshes the list', async () => {
    const { result, alertApi, onDone } = renderActions({
      deleteDeadLetters: jest.fn().mockRejectedValue(new Error('forbidden')),
    });
    act(() => result.current.openDialog('delete'));

    await act(() => result.current.runDelete());

    expect(result.current.outcome).toEqual({
      severity: 'error',
      text: 'Delete failed: Error: forbidden',
    });
    expect(result.current.dialog).toBeUndefined();
    expect(result.current.busy).toBe(false);
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(alertApi.getAlerts()).toEqual([]);
  });

  it('says a redelivery of every row succeeded', async () => {
    const { result } = renderActions(
      redelivered(
        { id: '3', status: 'redelivered' },
        { id: '2', status: 'redelivered' },
      ),
    );
    await act(() => result.current.runRedeliver());
    expect(result.current.outcome).toEqual({
      severity: 'success',
      text: 'Redelivered 2 messages to their original queues.',
    });
  });

  it('names the messages a partial redelivery left stored, as a warning', async () => {
    const { result } = renderActions(
      redelivered(
        { id: '3', status: 'redelivered' },
        { id: '2', status: 'failed', error: 'publish not confirmed' },
      ),
    );
    await act(() => result.current.runRedeliver());
    expect(result.current.outcome).toEqual({
      severity: 'warning',
      text: 'Redelivered 1 of 2 messages. Failed, still stored: msg-0002 (#2): publish not confirmed',
    });
  });

  it('calls a redelivery of which nothing succeeded an error, naming unknown rows by id', async () => {
    const { result } = renderActions(
      redelivered(
        { id: '3', status: 'failed' },
        { id: '99', status: 'failed', error: 'no such queue' },
      ),
    );
    await act(() => result.current.runRedeliver());
    expect(result.current.outcome).toEqual({
      severity: 'error',
      text: 'Redelivered 0 of 2 messages. Failed, still stored: msg-0003 (#3); #99: no such queue',
    });
  });

  it('says a redelivery request failed, and clears the message on request', async () => {
    const { result, onDone } = renderActions({
      redeliverDeadLetters: jest
        .fn()
        .mockRejectedValue(new Error('broker unreachable')),
    });
    act(() => result.current.openDialog('redeliver'));
    await act(() => result.current.runRedeliver());
    expect(result.current.outcome).toEqual({
      severity: 'error',
      text: 'Redeliver failed: Error: broker unreachable',
    });
    expect(result.current.dialog).toBeUndefined();
    expect(onDone).toHaveBeenCalledTimes(1);

    act(() => result.current.clearOutcome());
    expect(result.current.outcome).toBeUndefined();
  });

  it('closes a confirmation without acting', () => {
    const deleteDeadLetters = jest.fn();
    const { result, onDone } = renderActions({ deleteDeadLetters });
    act(() => result.current.openDialog('redeliver'));
    expect(result.current.dialog).toBe('redeliver');
    act(() => result.current.closeDialog());
    expect(result.current.dialog).toBeUndefined();
    expect(deleteDeadLetters).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });
});

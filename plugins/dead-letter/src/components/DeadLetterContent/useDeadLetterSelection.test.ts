import { act, renderHook } from '@testing-library/react';
import { DeadLetterList } from '../../api';
import { makeMessage } from '../../__testUtils__/fakeBackend';
import { useDeadLetterSelection } from './useDeadLetterSelection';

function page(...ns: number[]): DeadLetterList {
  return {
    items: ns.map(n => makeMessage(n)),
    totalCount: 100,
    offset: 0,
    limit: 50,
  } as DeadLetterList;
}

describe('useDeadLetterSelection', () => {
  it('keeps the selected rows while the same page is shown', () => {
    const first = page(3, 2, 1);
    const { result, rerender } = renderHook(
      ({ list }) => useDeadLetterSelection(list),
      { initialProps: { list: first as DeadLetterList | undefined } },
    );
    expect(result.current.selected).toEqual([]);

    act(() => result.current.onSelectionChange(first.items.slice(0, 2)));
    rerender({ list: first });

    expect(result.current.selected.map(r => r.id)).toEqual(['3', '2']);
  });

  it('selects nothing of a new page or of the page fetched again', () => {
    const first = page(3, 2, 1);
    const { result, rerender } = renderHook(
      ({ list }) => useDeadLetterSelection(list),
      { initialProps: { list: first as DeadLetterList | undefined } },
    );
    act(() => result.current.onSelectionChange(first.items));

    // Another page, or the same page fetched again after an action.
    rerender({ list: page(3, 2, 1) });
    expect(result.current.selected).toEqual([]);

    rerender({ list: undefined });
    expect(result.current.selected).toEqual([]);
  });
});

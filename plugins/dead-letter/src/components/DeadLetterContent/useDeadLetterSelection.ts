import { useCallback, useState } from 'react';
import { DeadLetterList, DeadLetterSummary } from '../../api';

/** Every message matching the list's filters, as counted when chosen. */
export type AllMatching = {
  /** The list's newestId then: a bulk action stops there. */
  upToId: string;
  /** The list's totalCount then: what the user confirms. */
  count: number;
};

/**
 * The rows selected on the shown page, or every matching message once the
 * user chose "select all matching" with the whole page selected. A new page,
 * filter or reload shows new rows, and nothing of them is selected yet.
 */
export function useDeadLetterSelection(list: DeadLetterList | undefined) {
  const [selection, setSelection] = useState<{
    of?: DeadLetterList;
    rows: DeadLetterSummary[];
    allMatching?: AllMatching;
  }>({ rows: [] });

  const current = selection.of === list ? selection : { rows: [] };
  const selected = current.rows;
  const onSelectionChange = useCallback(
    (rows: DeadLetterSummary[]) => setSelection({ of: list, rows }),
    [list],
  );

  const pageRows = list?.items.length ?? 0;
  const totalCount = list?.totalCount ?? 0;
  const wholePage = pageRows > 0 && selected.length === pageRows;
  /** True when more messages match than the page shows: the banner offers them. */
  const canSelectAllMatching =
    wholePage && totalCount > pageRows && Boolean(list?.newestId);

  // The table keeps its checkboxes itself (by row id): clearing the selection
  // gives it a new key, which starts it without any.
  const [tableKey, setTableKey] = useState(0);

  const selectAllMatching = useCallback(() => {
    if (list?.newestId) {
      const allMatching = { upToId: list.newestId, count: list.totalCount };
      setSelection(s => ({ ...s, allMatching }));
    }
  }, [list]);
  const clearSelection = useCallback(() => {
    setSelection({ rows: [] });
    setTableKey(k => k + 1);
  }, []);

  const allMatching = wholePage ? current.allMatching : undefined;
  return {
    selected,
    onSelectionChange,
    /** Set while every matching message (not just the page) is selected. */
    allMatching,
    canSelectAllMatching,
    selectAllMatching,
    clearSelection,
    /** The table's key: changes when the selection is cleared. */
    tableKey,
    /** How many messages an action would take. */
    count: allMatching ? allMatching.count : selected.length,
  };
}

import { useCallback, useState } from 'react';
import { DeadLetterList, DeadLetterSummary } from '../../api';

/**
 * The rows selected on the shown page. A new page, filter or reload shows new
 * rows, and nothing of them is selected yet.
 */
export function useDeadLetterSelection(list: DeadLetterList | undefined) {
  const [selection, setSelection] = useState<{
    of?: DeadLetterList;
    rows: DeadLetterSummary[];
  }>({ rows: [] });

  const selected = selection.of === list ? selection.rows : [];
  const onSelectionChange = useCallback(
    (rows: DeadLetterSummary[]) => setSelection({ of: list, rows }),
    [list],
  );
  return { selected, onSelectionChange };
}

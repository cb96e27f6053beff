import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { formatCount, plural } from '../shared/format';
import { AllMatching } from './useDeadLetterSelection';

/**
 * Above the table once the whole page is selected: offers every matching
 * message (across pages), and says when they are selected.
 */
export const SelectAllBanner = (props: {
  pageRows: number;
  totalCount: number;
  allMatching?: AllMatching;
  onSelectAll: () => void;
  onClear: () => void;
}) => {
  const { pageRows, totalCount, allMatching, onSelectAll, onClear } = props;
  if (allMatching) {
    return (
      <Alert
        severity="info"
        role="status"
        action={
          <Button color="inherit" size="small" onClick={onClear}>
            Clear selection
          </Button>
        }
      >
        {`All ${formatCount(allMatching.count)} matching ${
          allMatching.count === 1 ? 'message is' : 'messages are'
        } selected.`}
      </Alert>
    );
  }
  return (
    <Alert
      severity="info"
      role="status"
      action={
        <Button color="inherit" size="small" onClick={onSelectAll}>
          Select all {formatCount(totalCount)} matching
        </Button>
      }
    >
      {`All ${plural(pageRows, 'message')} on this page ${
        pageRows === 1 ? 'is' : 'are'
      } selected.`}
    </Alert>
  );
};

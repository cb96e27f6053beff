import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { ErrorCountList } from '../../api';

/** How a message without an error text is shown. */
export const NO_ERROR_LABEL = '(no error)';

/**
 * The distinct errors with their counts, most frequent first; a click
 * filters the list to one error, a second click (or Clear) removes it.
 */
export const ErrorChips = (props: {
  errors: { loading: boolean; error?: Error; value?: ErrorCountList };
  /** undefined: no error filter; null: messages without an error. */
  selected: string | null | undefined;
  onSelect: (error: string | null | undefined) => void;
}) => {
  const { errors, selected, onSelect } = props;
  let content;
  if (errors.error) {
    content = <ResponseErrorPanel error={errors.error} />;
  } else if (errors.loading && !errors.value) {
    content = <Progress />;
  } else if (!errors.value?.items.length) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No errors in this selection.
      </Typography>
    );
  } else {
    content = errors.value.items.map(item => {
      const active = selected !== undefined && item.error === selected;
      const label = item.error ?? NO_ERROR_LABEL;
      return (
        <Chip
          key={label}
          label={`${label} (${item.count})`}
          title={label}
          clickable
          size="small"
          color={active ? 'primary' : 'default'}
          aria-pressed={active}
          onClick={() => onSelect(active ? undefined : item.error)}
          style={{ maxWidth: 480 }}
        />
      );
    });
  }
  return (
    <Box mt={2} role="group" aria-label="Errors">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle2" component="h3">
          Errors
        </Typography>
        {selected !== undefined && (
          <Button size="small" onClick={() => onSelect(undefined)}>
            Clear error filter
          </Button>
        )}
      </Box>
      <Box display="flex" flexWrap="wrap" mt={1} style={{ gap: 8 }}>
        {content}
      </Box>
    </Box>
  );
};

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import { plural } from '../shared/format';

/**
 * "3 new dead letters": what arrived since the list was loaded, instead of
 * rows moving under the user's cursor; a click shows the newest page.
 */
export const NewDeadLettersMarker = (props: {
  count: number;
  onShow: () => void;
}) => (
  // A live region that is always there, so that screen readers announce it.
  <Box role="status" aria-live="polite" mt={props.count > 0 ? 2 : 0}>
    {props.count > 0 && (
      <Button
        variant="contained"
        color="primary"
        size="small"
        startIcon={<ArrowUpwardIcon />}
        onClick={props.onShow}
      >
        {plural(props.count, 'new dead letter')}
      </Button>
    )}
  </Box>
);

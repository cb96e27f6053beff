import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';

/** An ISO time as a datetime-local value, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

/**
 * A datetime-local value (browser time zone) as an ISO time; '' when empty.
 * `plusMs` lets an upper bound take in the whole minute it names.
 */
export function fromLocalInput(value: string, plusMs = 0): string {
  const time = value ? new Date(value).getTime() : NaN;
  return Number.isNaN(time) ? '' : new Date(time + plusMs).toISOString();
}

/** Queue, died-time range and time order of the list. */
export const TriageFilters = (props: {
  queueInput: string;
  onQueueInput: (queue: string) => void;
  from: string;
  to: string;
  onRange: (range: { from?: string; to?: string }) => void;
  order: 'asc' | 'desc';
  onOrder: (order: 'asc' | 'desc') => void;
}) => {
  const { queueInput, onQueueInput, from, to, onRange, order, onOrder } = props;
  return (
    <>
      <TextField
        id="dead-letter-queue"
        label="Queue"
        variant="outlined"
        size="small"
        value={queueInput}
        onChange={e => onQueueInput(e.target.value)}
        placeholder="Exact queue name"
      />
      <TextField
        id="dead-letter-from"
        label="Died from"
        type="datetime-local"
        variant="outlined"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={toLocalInput(from)}
        onChange={e => onRange({ from: fromLocalInput(e.target.value) })}
      />
      <TextField
        id="dead-letter-to"
        label="Died to"
        type="datetime-local"
        variant="outlined"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={toLocalInput(to)}
        onChange={e => onRange({ to: fromLocalInput(e.target.value, 59_999) })}
      />
      <Button
        variant="outlined"
        aria-label={`Sort by time: ${
          order === 'asc' ? 'oldest' : 'newest'
        } first`}
        startIcon={
          order === 'asc' ? <ArrowUpwardIcon /> : <ArrowDownwardIcon />
        }
        onClick={() => onOrder(order === 'asc' ? 'desc' : 'asc')}
      >
        {order === 'asc' ? 'Oldest first' : 'Newest first'}
      </Button>
    </>
  );
};

import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import LoopIcon from '@material-ui/icons/Loop';
import MemoryIcon from '@material-ui/icons/Memory';
import SettingsIcon from '@material-ui/icons/Settings';
import CloudOffIcon from '@material-ui/icons/CloudOff';
import { PulseEntry, PulseKind, SquadName } from '../../api';
import { exactTime, relativeTime } from '../shared/format';
import { usePulse } from './usePulse';

const useStyles = makeStyles(theme => ({
  // Primary text: secondary grey lacks AA contrast on a highlighted row.
  time: { whiteSpace: 'nowrap', width: '9em' },
  '@keyframes arrive': {
    from: { backgroundColor: theme.palette.action.selected },
    to: { backgroundColor: 'transparent' },
  },
  fresh: {
    animation: '$arrive 6s ease-out',
    // A mark that stays (the background fades) and needs no colour to read.
    '& td:first-child': {
      borderLeft: `4px solid ${theme.palette.primary.main}`,
    },
  },
  runtime: {
    display: 'inline-flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.75),
  },
  kindIcon: { fontSize: '1.15rem', flexShrink: 0, marginTop: 1 },
  bad: { color: theme.palette.error.main },
  good: { color: theme.palette.success.main },
  kindLabel: { fontWeight: 'bold' },
  footer: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
}));

/**
 * Pod and deployment transitions (the pod-activity poller's kinds): an icon
 * and a word before the summary, as the state is not in every summary's
 * first words. Other kinds read well as they are.
 */
const runtimeKinds: Partial<
  Record<
    PulseKind,
    { label: string; Icon: typeof ErrorIcon; tone: 'bad' | 'good' }
  >
> = {
  'pod-crash-loop': { label: 'Crash loop', Icon: LoopIcon, tone: 'bad' },
  'pod-oom-killed': { label: 'Out of memory', Icon: MemoryIcon, tone: 'bad' },
  'pod-config-error': {
    label: 'Config error',
    Icon: SettingsIcon,
    tone: 'bad',
  },
  'pod-image-pull': { label: 'Image pull', Icon: CloudOffIcon, tone: 'bad' },
  'deployment-recovered': {
    label: 'Recovered',
    Icon: CheckCircleIcon,
    tone: 'good',
  },
};

const Activity = (props: { entry: PulseEntry }) => {
  const { entry } = props;
  const classes = useStyles();
  const kind = runtimeKinds[entry.kind];
  const text = entry.url ? (
    <Link to={entry.url}>{entry.summary}</Link>
  ) : (
    <>{entry.summary}</>
  );
  if (!kind) return text;
  return (
    <span className={classes.runtime}>
      <kind.Icon
        aria-hidden="true"
        className={`${classes.kindIcon} ${
          kind.tone === 'bad' ? classes.bad : classes.good
        }`}
      />
      <span>
        <span className={classes.kindLabel}>{kind.label}:</span> {text}
      </span>
    </span>
  );
};

/** What happened to the squad's services, newest first, live. */
export const PulseCard = (props: { squad: SquadName; squadRef: string }) => {
  const classes = useStyles();
  const pulse = usePulse(props.squad, props.squadRef);

  let body;
  if (pulse.loading && !pulse.entries.length) {
    body = <Progress />;
  } else if (pulse.error) {
    body = <ResponseErrorPanel error={pulse.error} />;
  } else if (!pulse.entries.length) {
    body = (
      <EmptyState
        missing="data"
        title="Nothing happened yet"
        description="Pull requests, builds, releases, dead-letter spikes and new services of this squad show up here as they happen."
      />
    );
  } else {
    body = (
      <>
        <Table size="small" aria-label="Pulse">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Activity</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pulse.entries.map(entry => (
              <TableRow
                key={entry.id}
                className={
                  pulse.fresh.has(entry.id) ? classes.fresh : undefined
                }
                data-fresh={pulse.fresh.has(entry.id) ? 'true' : undefined}
              >
                <TableCell className={classes.time}>
                  <time dateTime={entry.at} title={exactTime(entry.at)}>
                    {relativeTime(entry.at)}
                  </time>
                </TableCell>
                <TableCell>
                  <Activity entry={entry} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Box className={classes.footer}>
          {pulse.nextCursor ? (
            <Button
              variant="outlined"
              size="small"
              onClick={pulse.loadOlder}
              disabled={pulse.loadingOlder}
            >
              {pulse.loadingOlder ? 'Loading…' : 'Load older'}
            </Button>
          ) : (
            <Typography variant="body2" color="textSecondary">
              No older entries.
            </Typography>
          )}
        </Box>
        {pulse.olderError && (
          <Alert severity="error">
            Could not load older entries: {pulse.olderError.message}
          </Alert>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Pulse"
      subheader={
        pulse.live
          ? 'New activity appears here as it happens.'
          : 'Live updates are off (no signals in this app): reload to see new activity.'
      }
    >
      <Box role="status" aria-live="polite" position="absolute" left={-10000}>
        {pulse.fresh.size > 0
          ? `${pulse.fresh.size} new pulse ${
              pulse.fresh.size === 1 ? 'entry' : 'entries'
            }`
          : ''}
      </Box>
      {body}
    </InfoCard>
  );
};

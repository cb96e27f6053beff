import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CloudOffIcon from '@material-ui/icons/CloudOff';
import ErrorIcon from '@material-ui/icons/Error';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import WarningIcon from '@material-ui/icons/Warning';
import { DeploymentStatus } from '../../api';

/** A row's status: the backend's, or "not annotated" for a component. */
export type RowStatus = DeploymentStatus | 'not-annotated';

const useStyles = makeStyles(theme => ({
  status: {
    display: 'inline-flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.75),
  },
  icon: { fontSize: '1.15rem', flexShrink: 0, marginTop: 1 },
  running: { color: theme.palette.success.main },
  degraded: { color: theme.palette.warning.main },
  failing: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
  // The words carry the state; colour only repeats it (text stays primary).
  label: { fontWeight: 'bold' },
  reason: { overflowWrap: 'break-word' },
  muted: { color: theme.palette.text.secondary },
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

export const statusLabels: Record<RowStatus, string> = {
  running: 'Running',
  degraded: 'Degraded',
  failing: 'Failing',
  'not-found': 'Not found',
  'cluster-error': 'Cluster error',
  'not-annotated': 'Not annotated',
};

/** Worst first, for sorting by status. */
export const statusRank: Record<RowStatus, number> = {
  failing: 0,
  'cluster-error': 1,
  degraded: 2,
  'not-found': 3,
  'not-annotated': 4,
  running: 5,
};

const icons: Record<RowStatus, typeof CheckCircleIcon> = {
  running: CheckCircleIcon,
  degraded: WarningIcon,
  failing: ErrorIcon,
  'not-found': HelpOutlineIcon,
  'cluster-error': CloudOffIcon,
  'not-annotated': RemoveCircleOutlineIcon,
};

const iconClass = (status: RowStatus) => {
  switch (status) {
    case 'running':
      return 'running';
    case 'degraded':
      return 'degraded';
    case 'failing':
    case 'cluster-error':
      return 'failing';
    default:
      return 'neutral';
  }
};

/** "Failing: CrashLoopBackOff": an icon, the state in words, the reason. */
export const StatusCell = (props: { status: RowStatus; reason?: string }) => {
  const { status, reason } = props;
  const classes = useStyles();
  const Icon = icons[status];
  return (
    <span className={classes.status} data-status={status}>
      <Icon
        className={`${classes.icon} ${classes[iconClass(status)]}`}
        aria-hidden="true"
      />
      <Typography component="span" variant="body2">
        <span className={classes.label}>{statusLabels[status]}</span>
        {reason ? <span className={classes.reason}>: {reason}</span> : null}
      </Typography>
    </span>
  );
};

/** "—" for a figure the cluster cannot give, saying why in words too. */
export const Missing = (props: { why: string }) => {
  const classes = useStyles();
  return (
    <span className={classes.muted} title={props.why}>
      <span aria-hidden="true">—</span>
      <span className={classes.hidden}>{props.why}</span>
    </span>
  );
};

/** A share of the pods' requests, e.g. "42%"; "—" without metrics. */
export const PercentCell = (props: { value?: number }) =>
  props.value === undefined || props.value === null ? (
    <Missing why="no metrics" />
  ) : (
    <>{`${Math.round(props.value)}%`}</>
  );

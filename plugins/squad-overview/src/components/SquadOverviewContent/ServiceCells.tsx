import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { BuildStatus, ServiceRow } from '../../api';
import { durationSince, exactTime, relativeTime } from '../shared/format';
import { entityTabPath } from '../shared/squad';

const useStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
  failure: { color: theme.palette.error.dark, fontWeight: 'bold' },
  success: { color: theme.palette.text.primary },
  nowrap: { whiteSpace: 'nowrap' },
}));

export const Muted = (props: { children: ReactNode; label?: string }) => {
  const classes = useStyles();
  return (
    <Typography
      component="span"
      variant="body2"
      className={classes.muted}
      aria-label={props.label}
    >
      {props.children}
    </Typography>
  );
};

/** "2 behind · 3 d" linking to the Releases tab; "in sync" when none. */
export const DriftCell = (props: { row: ServiceRow }) => {
  const { row } = props;
  const classes = useStyles();
  if (!row.release) {
    return <Muted label="no releases recorded">no releases</Muted>;
  }
  const { environmentsBehind, behindSince, drift } = row.release;
  const behind = drift
    .filter(d => d.behindBy)
    .map(d => d.environment)
    .join(', ');
  const text =
    environmentsBehind === 0
      ? 'in sync'
      : `${environmentsBehind} behind${
          behindSince ? ` · ${durationSince(behindSince)}` : ''
        }`;
  return (
    <Link
      to={entityTabPath(row.entityRef, 'releases')}
      className={classes.nowrap}
      title={
        behind
          ? `Behind: ${behind}${
              behindSince ? ` since ${exactTime(behindSince)}` : ''
            }`
          : undefined
      }
    >
      {text}
    </Link>
  );
};

const buildLabels: Record<BuildStatus, string> = {
  success: 'passed',
  failure: 'failed',
  running: 'running',
  unknown: 'unknown',
};

/** The last main-branch build: status, when, link to the build. */
export const BuildCell = (props: { row: ServiceRow }) => {
  const classes = useStyles();
  const build = props.row.lastBuild;
  if (!build) {
    return <Muted label="no build known">–</Muted>;
  }
  return (
    <span className={classes.nowrap}>
      <Link
        to={build.url}
        className={
          build.status === 'failure' ? classes.failure : classes.success
        }
      >
        {buildLabels[build.status]}
      </Link>{' '}
      <Muted>
        <time dateTime={build.at} title={exactTime(build.at)}>
          {relativeTime(build.at)}
        </time>
      </Muted>
    </span>
  );
};

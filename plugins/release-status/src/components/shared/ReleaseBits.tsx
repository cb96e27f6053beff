import { Entity } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Release, Vulnerabilities } from '../../api';
import {
  absoluteTime,
  commitUrl,
  relativeTime,
  releaseSha,
  shortSha,
} from './format';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'monospace' },
  critical: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
    fontWeight: 'bold',
  },
  high: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  low: {},
}));

/** The short sha, linked to the commit when we know where it is. */
export const CommitLink = ({
  release,
  entity,
}: {
  release: Pick<Release, 'sha' | 'artifactId' | 'commitUrl' | 'buildUrl'>;
  entity?: Entity;
}) => {
  const classes = useStyles();
  const sha = releaseSha(release);
  if (!sha) {
    return <span>unknown</span>;
  }
  const url = commitUrl(release, entity);
  const text = <span className={classes.mono}>{shortSha(sha)}</span>;
  return url ? (
    <Link to={url} title={sha}>
      {text}
    </Link>
  ) : (
    <span title={sha}>{text}</span>
  );
};

/** "3 days ago" with the exact time beside it. */
export const ReleasedAt = ({
  iso,
  inline,
}: {
  iso: string;
  inline?: boolean;
}) => {
  if (inline) {
    return (
      <Tooltip title={absoluteTime(iso)}>
        <span>{relativeTime(iso)}</span>
      </Tooltip>
    );
  }
  return (
    <>
      <Typography variant="body2">{relativeTime(iso)}</Typography>
      <Typography variant="caption" color="textSecondary">
        {absoluteTime(iso)}
      </Typography>
    </>
  );
};

/**
 * Critical (when any)/high/medium/low chips; nothing found is said so rather
 * than left blank, and a release that carried no figures is "not scanned".
 */
export const VulnerabilityChips = ({
  vulnerabilities,
  reported,
}: {
  vulnerabilities?: Vulnerabilities;
  /** False when no source sent figures (the counts are then only zeros). */
  reported?: boolean;
}) => {
  const classes = useStyles();
  if (!vulnerabilities || reported === false) {
    return (
      <Typography variant="body2" color="textSecondary">
        not scanned
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {(['critical', 'high', 'medium', 'low'] as const)
        .filter(level => level !== 'critical' || vulnerabilities.critical)
        .map(level => (
          <Chip
            key={level}
            size="small"
            className={
              (vulnerabilities[level] ?? 0) > 0 ? classes[level] : undefined
            }
            label={`${vulnerabilities[level] ?? 0} ${level}`}
          />
        ))}
    </Box>
  );
};

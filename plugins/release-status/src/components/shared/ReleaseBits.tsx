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

/** High/medium/low chips; nothing found is said so rather than left blank. */
export const VulnerabilityChips = ({
  vulnerabilities,
}: {
  vulnerabilities?: Vulnerabilities;
}) => {
  const classes = useStyles();
  if (!vulnerabilities) {
    return (
      <Typography variant="body2" color="textSecondary">
        not scanned
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {(['high', 'medium', 'low'] as const).map(level => (
        <Chip
          key={level}
          size="small"
          className={vulnerabilities[level] > 0 ? classes[level] : undefined}
          label={`${vulnerabilities[level]} ${level}`}
        />
      ))}
    </Box>
  );
};

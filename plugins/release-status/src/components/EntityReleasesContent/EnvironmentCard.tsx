import { Entity } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EnvironmentState } from '../../api';
import { intentLabel } from '../shared/format';
import {
  CommitLink,
  ReleasedAt,
  VulnerabilityChips,
} from '../shared/ReleaseBits';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  mono: { fontFamily: 'monospace' },
}));

/** What one environment runs. */
export const EnvironmentCard = ({
  state,
  entity,
}: {
  state: EnvironmentState;
  entity: Entity;
}) => {
  const classes = useStyles();
  const release = state.release;
  return (
    <InfoCard title={state.environment} noPadding={false}>
      {release ? (
        <dl
          className={classes.list}
          aria-label={`${state.environment} release`}
          data-testid={`environment-${state.environment}`}
        >
          <dt>Artifact</dt>
          <dd className={classes.mono}>
            {release.artifactId}
            {release.failed && (
              <>
                {' '}
                <Chip size="small" color="secondary" label="failed" />
              </>
            )}
          </dd>
          <dt>Commit</dt>
          <dd>
            <CommitLink release={release} entity={entity} />
          </dd>
          <dt>Released</dt>
          <dd>
            <ReleasedAt iso={release.releasedAt} />
          </dd>
          <dt>By</dt>
          <dd>
            {release.releasedBy ?? release.releasedByEmail ?? 'unknown'}
            {release.intent && release.intent !== 'unknown' && (
              <Typography variant="caption" color="textSecondary">
                {' '}
                ({intentLabel(release.intent)})
              </Typography>
            )}
          </dd>
          <dt>Vulnerabilities</dt>
          <dd>
            <VulnerabilityChips
              vulnerabilities={release.vulnerabilities}
              reported={release.vulnerabilitiesReported}
            />
          </dd>
        </dl>
      ) : (
        <Typography
          color="textSecondary"
          data-testid={`environment-${state.environment}`}
        >
          Nothing released to {state.environment} yet.
        </Typography>
      )}
    </InfoCard>
  );
};

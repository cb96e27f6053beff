import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid, { GridSize } from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { releaseStatusApiRef } from '../../api';
import { releaseServiceName } from '@internal/backstage-plugin-release-status-common';
import { isNotFound } from '../shared/errors';
import { DriftBanner } from './DriftBanner';
import { EnvironmentCard } from './EnvironmentCard';
import { ReleaseHistory } from './ReleaseHistory';
import { ReleaseManagerNotice } from './ReleaseManagerNotice';

/** The "Releases" tab of a service: environments side by side, drift, history. */
export const EntityReleasesContent = () => {
  const { entity } = useEntity();
  const service = releaseServiceName(entity);
  const api = useApi(releaseStatusApiRef);
  const { value, loading, error } = useAsync(
    () => api.getServiceDrift(service),
    [api, service],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    if (isNotFound(error)) {
      return (
        <EmptyState
          missing="data"
          title={`No releases known for ${service}`}
          description={`Release status knows no service called "${service}". If the release manager knows it under another name, set that name in the entity's lunar.app/release-manager-service annotation.`}
        />
      );
    }
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || !value.hasReleases) {
    return (
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        {/* An unreachable release manager may be why nothing is known. */}
        <ReleaseManagerNotice health={value?.releaseManager} />
        <EmptyState
          missing="data"
          title={`${service} has no releases yet`}
          description="Once the service is released to an environment, what runs where shows up here."
        />
      </Box>
    );
  }

  const environments = value.environments.map(e => e.environment);
  // Columns side by side on wide screens; four or more wrap.
  const width = Math.max(3, Math.floor(12 / environments.length)) as GridSize;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
          <ReleaseManagerNotice health={value.releaseManager} />
          <DriftBanner pairs={value.pairs} />
        </Box>
      </Grid>
      {value.environments.map(state => (
        <Grid item xs={12} md={width} key={state.environment}>
          <EnvironmentCard state={state} entity={entity} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <ReleaseHistory
          service={service}
          environments={environments}
          entity={entity}
        />
      </Grid>
    </Grid>
  );
};

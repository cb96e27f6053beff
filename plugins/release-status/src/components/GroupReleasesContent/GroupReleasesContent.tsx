import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { releaseStatusApiRef, ServiceDrift } from '../../api';
import { isNotFound } from '../shared/errors';
import { driftSentence } from '../shared/format';
import { CommitLink, ReleasedAt } from '../shared/ReleaseBits';

/** Drifting services first; otherwise the backend's order (by name). */
export function driftingFirst(services: ServiceDrift[]): ServiceDrift[] {
  return [
    ...services.filter(s => s.drifting),
    ...services.filter(s => !s.drifting),
  ];
}

function serviceRef(service: ServiceDrift, namespace: string) {
  return service.entityRef
    ? parseEntityRef(service.entityRef)
    : { kind: 'component', namespace, name: service.service };
}

function columns(
  environments: string[],
  namespace: string,
): TableColumn<ServiceDrift>[] {
  return [
    {
      title: 'Service',
      field: 'service',
      render: s => (
        <EntityRefLink
          entityRef={serviceRef(s, namespace)}
          defaultKind="component"
        >
          {s.service}
        </EntityRefLink>
      ),
    },
    ...environments.map(
      (env): TableColumn<ServiceDrift> => ({
        title: env,
        render: s => {
          const release = s.environments.find(
            e => e.environment === env,
          )?.release;
          if (!release) {
            return (
              <Typography variant="body2" color="textSecondary">
                not released
              </Typography>
            );
          }
          return (
            <>
              <CommitLink release={release} />{' '}
              <Typography variant="caption" color="textSecondary">
                <ReleasedAt iso={release.releasedAt} inline />
              </Typography>
            </>
          );
        },
      }),
    ),
    {
      title: 'Drift',
      render: s => {
        if (!s.hasReleases) {
          return (
            <Typography variant="body2" color="textSecondary">
              no releases
            </Typography>
          );
        }
        if (!s.drifting) {
          return (
            <Typography variant="body2" color="textSecondary">
              in sync
            </Typography>
          );
        }
        return s.pairs.map(pair => (
          <Typography
            variant="body2"
            key={`${pair.environment}-${pair.aheadEnvironment}`}
          >
            {driftSentence(pair)}
          </Typography>
        ));
      },
    },
  ];
}

/** The "Releases" tab of a squad: every service it owns, drifting ones first. */
export const GroupReleasesContent = () => {
  const { entity } = useEntity();
  const squadRef = stringifyEntityRef(entity);
  const namespace = entity.metadata.namespace ?? 'default';
  const api = useApi(releaseStatusApiRef);
  const { value, loading, error } = useAsync(
    () => api.getSquadDrift(squadRef),
    [api, squadRef],
  );

  if (loading) {
    return <Progress />;
  }
  if (error && !isNotFound(error)) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.services.length === 0) {
    return (
      <EmptyState
        missing="data"
        title={`${entity.metadata.name} owns no services`}
        description="Service components owned by this squad in the catalog show up here with what they run in each environment."
      />
    );
  }

  const drifting = value.services.filter(s => s.drifting).length;
  return (
    <Table<ServiceDrift>
      title={`Releases of ${entity.metadata.name}`}
      subtitle={`${value.services.length} services, ${drifting} drifting`}
      columns={columns(value.environments, namespace)}
      data={driftingFirst(value.services)}
      options={{
        paging: value.services.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
    />
  );
};

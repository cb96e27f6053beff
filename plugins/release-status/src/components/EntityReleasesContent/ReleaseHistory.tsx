import { useState } from 'react';
import { Entity } from '@backstage/catalog-model';
import {
  InfoCard,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import useAsync from 'react-use/esm/useAsync';
import { Release, releaseStatusApiRef } from '../../api';
import { intentLabel } from '../shared/format';
import { CommitLink, ReleasedAt } from '../shared/ReleaseBits';

const HISTORY_LIMIT = 50;

function columns(entity: Entity): TableColumn<Release>[] {
  return [
    {
      title: 'Released at',
      field: 'releasedAt',
      render: r => <ReleasedAt iso={r.releasedAt} />,
    },
    {
      title: 'Artifact',
      field: 'artifactId',
      cellStyle: { fontFamily: 'monospace' },
      render: r => (r.failed ? `${r.artifactId} (failed)` : r.artifactId),
    },
    {
      title: 'Sha',
      field: 'sha',
      render: r => <CommitLink release={r} entity={entity} />,
    },
    { title: 'Intent', field: 'intent', render: r => intentLabel(r.intent) },
    {
      title: 'Released by',
      field: 'releasedBy',
      render: r => r.releasedBy ?? r.releasedByEmail ?? '',
    },
    { title: 'Message', field: 'message', render: r => r.message ?? '' },
  ];
}

const HistoryTable = ({
  service,
  environment,
  entity,
}: {
  service: string;
  environment: string;
  entity: Entity;
}) => {
  const api = useApi(releaseStatusApiRef);
  const { value, loading, error } = useAsync(
    () => api.getReleaseHistory(service, environment, { limit: HISTORY_LIMIT }),
    [api, service, environment],
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Table<Release>
      isLoading={loading}
      columns={columns(entity)}
      data={value ?? []}
      options={{
        paging: (value?.length ?? 0) > 10,
        pageSize: 10,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      emptyContent={
        <div style={{ padding: 16 }}>
          Nothing has been released to {environment} yet.
        </div>
      }
    />
  );
};

/** Releases to one environment at a time, newest first. */
export const ReleaseHistory = ({
  service,
  environments,
  entity,
}: {
  service: string;
  environments: string[];
  entity: Entity;
}) => {
  const [selected, setSelected] = useState(environments[0]);
  return (
    <InfoCard title="History" noPadding>
      <Tabs
        value={selected}
        onChange={(_, value) => setSelected(value)}
        indicatorColor="primary"
        aria-label="Environment"
      >
        {environments.map(env => (
          <Tab key={env} value={env} label={env} />
        ))}
      </Tabs>
      <HistoryTable
        key={selected}
        service={service}
        environment={selected}
        entity={entity}
      />
    </InfoCard>
  );
};

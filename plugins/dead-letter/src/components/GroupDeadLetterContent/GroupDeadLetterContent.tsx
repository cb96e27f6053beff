import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { deadLetterApiRef } from '../../api';
import { useServiceTabLink } from '../shared/links';
import { useEnvironments } from '../shared/useEnvironments';

type Row = { service: string; total: number; counts: Record<string, number> };

/** The Group entity tab: the squad's services with counts per environment. */
export const GroupDeadLetterContent = () => {
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const api = useApi(deadLetterApiRef);
  const tabLink = useServiceTabLink();
  const environments = useEnvironments();
  const names = environments.value?.environments.map(e => e.name) ?? [];

  const rows = useAsync(async () => {
    if (!environments.value) {
      return undefined;
    }
    const overviews = await Promise.all(
      environments.value.environments.map(env =>
        api.getSquadOverview(env.name),
      ),
    );
    const byService = new Map<string, Row>();
    for (const overview of overviews) {
      const squad = overview.items.find(s => s.squad === groupRef);
      for (const item of squad?.services ?? []) {
        const row = byService.get(item.service) ?? {
          service: item.service,
          total: 0,
          counts: {},
        };
        row.counts[overview.environment] = item.count;
        row.total += item.count;
        byService.set(item.service, row);
      }
    }
    return [...byService.values()].sort(
      (a, b) => b.total - a.total || a.service.localeCompare(b.service),
    );
  }, [api, environments.value, groupRef]);

  if (environments.loading || rows.loading) {
    return <Progress />;
  }
  const error = environments.error ?? rows.error;
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!names.length) {
    return (
      <EmptyState
        missing="field"
        title="No environment configured"
        description="Add environments under deadLetter.environments in app-config.yaml."
      />
    );
  }
  if (!rows.value?.length) {
    return (
      <EmptyState
        missing="data"
        title="No dead letters"
        description={`No service of ${
          entity.metadata.title ?? entity.metadata.name
        } has dead letters in ${names.join(', ')}.`}
      />
    );
  }

  const columns: TableColumn<Row>[] = [
    {
      title: 'Service',
      field: 'service',
      render: row => <Link to={tabLink(row.service)}>{row.service}</Link>,
    },
    ...names.map<TableColumn<Row>>(name => ({
      title: name,
      type: 'numeric',
      render: row => row.counts[name] ?? 0,
    })),
    { title: 'Total', field: 'total', type: 'numeric' },
  ];
  return (
    <Table<Row>
      title={`Dead letters of ${entity.metadata.title ?? entity.metadata.name}`}
      columns={columns}
      data={rows.value}
      options={{ paging: false, search: false, padding: 'dense' }}
    />
  );
};

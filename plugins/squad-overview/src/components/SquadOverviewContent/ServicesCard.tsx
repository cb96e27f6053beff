import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ServiceRow, SquadName, squadOverviewApiRef } from '../../api';
import { SourceNotice } from '../shared/SourceNotice';
import { entityTabPath } from '../shared/squad';
import { BuildCell, DriftCell, Muted } from './ServiceCells';

/** Environments in the order the rows first name them (dev, staging, prod). */
function environmentsOf(items: ServiceRow[]): string[] {
  const seen = new Set<string>();
  for (const item of items) {
    for (const d of item.deadLetters) seen.add(d.environment);
  }
  return [...seen];
}

const deadLettersIn = (row: ServiceRow, environment: string) =>
  row.deadLetters.find(d => d.environment === environment)?.count ?? 0;

function columnsFor(environments: string[]): TableColumn<ServiceRow>[] {
  return [
    {
      title: 'Service',
      field: 'name',
      highlight: true,
      defaultSort: 'asc',
      render: row => (
        <Link to={entityTabPath(row.entityRef, '')}>
          {row.title ?? row.name}
        </Link>
      ),
    },
    ...environments.map<TableColumn<ServiceRow>>(environment => ({
      title: `Dead letters ${environment}`,
      type: 'numeric',
      customSort: (a, b) =>
        deadLettersIn(a, environment) - deadLettersIn(b, environment),
      render: row => {
        const count = deadLettersIn(row, environment);
        return (
          <Link
            to={`${entityTabPath(
              row.entityRef,
              'dead-letter',
            )}?environment=${encodeURIComponent(environment)}`}
            aria-label={`${count} dead letters of ${row.name} in ${environment}`}
          >
            {count}
          </Link>
        );
      },
    })),
    {
      title: 'Release drift',
      customSort: (a, b) =>
        (a.release?.environmentsBehind ?? -1) -
        (b.release?.environmentsBehind ?? -1),
      render: row => <DriftCell row={row} />,
    },
    {
      title: 'Open PRs',
      type: 'numeric',
      customSort: (a, b) =>
        (a.openPullRequests ?? -1) - (b.openPullRequests ?? -1),
      render: row =>
        row.openPullRequests === null ? (
          <Muted label="unknown">–</Muted>
        ) : (
          <Link
            to={`?prs=${encodeURIComponent(
              row.repository ?? row.name,
            )}#open-prs`}
            aria-label={`${row.openPullRequests} open pull requests of ${row.name}`}
          >
            {row.openPullRequests}
          </Link>
        ),
    },
    {
      title: 'Last main build',
      customSort: (a, b) =>
        (a.lastBuild?.at ?? '').localeCompare(b.lastBuild?.at ?? ''),
      render: row => <BuildCell row={row} />,
    },
  ];
}

/** Every component the squad owns, one row each, with its key numbers. */
export const ServicesCard = (props: { squad: SquadName }) => {
  const { squad } = props;
  const api = useApi(squadOverviewApiRef);
  const { value, loading, error } = useAsync(
    () => api.getServices(squad),
    [api, squad.namespace, squad.name],
  );
  const columns = useMemo(
    () => columnsFor(value ? environmentsOf(value.items) : []),
    [value],
  );

  if (loading) {
    return (
      <InfoCard title="Services">
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <InfoCard title="Services">
        <ResponseErrorPanel error={error ?? new Error('No answer')} />
      </InfoCard>
    );
  }
  const notices = (
    <>
      <SourceNotice name="Dead letters" source={value.sources.deadLetters} />
      <SourceNotice name="Release status" source={value.sources.releases} />
      <SourceNotice name="GitHub" source={value.sources.github} />
    </>
  );
  if (!value.items.length) {
    return (
      <InfoCard title="Services">
        <EmptyState
          missing="data"
          title="No services"
          description={`${value.squad.title} owns no components yet. Set spec.owner of a component to this squad to see it here.`}
        />
      </InfoCard>
    );
  }
  return (
    <Box>
      {notices}
      <Table<ServiceRow>
        title={`Services (${value.items.length})`}
        columns={columns}
        data={value.items}
        options={{
          paging: false,
          search: true,
          padding: 'dense',
          // Column dragging puts a focusable handle inside each sort button.
          draggable: false,
          headerStyle: { whiteSpace: 'nowrap' },
        }}
      />
    </Box>
  );
};

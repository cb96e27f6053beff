import {
  Content,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useAppSearchParams } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  UNASSIGNED,
  UNOWNED,
} from '@internal/backstage-plugin-dead-letter-common';
import { deadLetterApiRef, ServiceCount, SquadCount } from '../../api';
import { EnvironmentSelect } from '../shared/EnvironmentSelect';
import { formatTimestamp } from '../shared/format';
import { useServiceTabLink } from '../shared/links';
import { useEnvironments } from '../shared/useEnvironments';
import { MessageLookup } from './MessageLookup';
import { SquadChart } from './SquadChart';
import { TrendsCard } from './TrendsCard';
import { UnassignedDeadLetters } from './UnassignedDeadLetters';

const SquadServices = (props: { squad: SquadCount; environment: string }) => {
  const { squad, environment } = props;
  const tabLink = useServiceTabLink();
  const columns: TableColumn<ServiceCount>[] = [
    {
      title: 'Service',
      field: 'service',
      render: row => <Link to={tabLink(row.service)}>{row.service}</Link>,
    },
    { title: 'Messages', field: 'count', type: 'numeric' },
    {
      title: 'Last received',
      field: 'lastReceivedAt',
      render: row =>
        row.lastReceivedAt ? formatTimestamp(row.lastReceivedAt) : '',
    },
  ];
  const services = [...squad.services].sort((a, b) => b.count - a.count);
  return (
    <Table<ServiceCount>
      title={
        <>
          Services of{' '}
          {squad.squad === UNOWNED ? (
            squad.title
          ) : (
            <EntityRefLink entityRef={squad.squad}>{squad.title}</EntityRefLink>
          )}{' '}
          in {environment}
        </>
      }
      subtitle={
        squad.squad === UNOWNED
          ? 'Services that are not in the catalog or have no owner.'
          : undefined
      }
      columns={columns}
      data={services}
      // Most first already; material-table's sort headers nest focusable
      // elements in a button (axe: nested-interactive).
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
    />
  );
};

/** The sidebar page: dead letters per owning squad in one environment. */
export const DeadLetterPage = () => {
  const api = useApi(deadLetterApiRef);
  const environments = useEnvironments();
  const [pickedEnvironment, setEnvironment] = useState('');
  const [params, setParams] = useAppSearchParams();
  // The unassigned list is in the URL (`?squad=unassigned&environment=`),
  // so a lookup result or a link can open it, and so is its environment.
  const unassignedOpen = params.get('squad') === UNASSIGNED;
  const environment =
    pickedEnvironment ||
    (unassignedOpen ? params.get('environment') : '') ||
    environments.value?.environments[0]?.name ||
    '';
  const [selectedSquad, setSelectedSquad] = useState<string | undefined>();
  const selected = unassignedOpen ? UNASSIGNED : selectedSquad;
  const setSelected = (squad: string | undefined) => {
    setSelectedSquad(squad === UNASSIGNED ? undefined : squad);
    if (squad === UNASSIGNED || unassignedOpen) {
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          if (squad === UNASSIGNED) {
            next.set('squad', UNASSIGNED);
            next.set('environment', environment);
          } else {
            next.delete('squad');
          }
          next.delete('page');
          return next;
        },
        { replace: true },
      );
    }
  };

  const overview = useAsync(
    async () => (environment ? api.getSquadOverview(environment) : undefined),
    [api, environment],
  );

  const squads = useMemo(
    () =>
      [...(overview.value?.items ?? [])].sort(
        (a, b) => b.count - a.count || a.title.localeCompare(b.title),
      ),
    [overview.value],
  );
  const selectedEntry = squads.find(s => s.squad === selected);

  const columns: TableColumn<SquadCount>[] = [
    { title: 'Squad', field: 'title' },
    {
      title: 'Services',
      // The unassigned ones have no service to count.
      render: row => (row.squad === UNASSIGNED ? '' : row.services.length),
      type: 'numeric',
    },
    { title: 'Messages', field: 'count', type: 'numeric' },
  ];

  let body;
  if (environments.loading || (environment && overview.loading)) {
    body = <Progress />;
  } else if (environments.error || overview.error) {
    body = (
      <ResponseErrorPanel error={(environments.error ?? overview.error)!} />
    );
  } else if (!environments.value?.environments.length) {
    body = (
      <EmptyState
        missing="field"
        title="No environment configured"
        description="Add environments under deadLetter.environments in app-config.yaml to see dead letters per squad."
      />
    );
  } else if (squads.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No dead letters"
        description={`No service has dead letters in ${environment}.`}
      />
    );
  } else {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <Table<SquadCount>
            title="Squads"
            columns={columns}
            data={squads}
            onRowClick={(_e, row) => row && setSelected(row.squad)}
            options={{
              paging: squads.length > 20,
              pageSize: 20,
              search: false,
              sorting: false,
              padding: 'dense',
              rowStyle: row => ({
                cursor: 'pointer',
                fontWeight: row.squad === selected ? 600 : undefined,
              }),
            }}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title={`Messages per squad in ${environment}`}>
            <SquadChart
              squads={squads}
              selected={selected}
              onSelect={setSelected}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          {selectedEntry?.squad === UNASSIGNED && <UnassignedDeadLetters />}
          {selectedEntry && selectedEntry.squad !== UNASSIGNED && (
            <SquadServices squad={selectedEntry} environment={environment} />
          )}
          {!selectedEntry && (
            <Typography>Select a squad to see its services.</Typography>
          )}
        </Grid>
      </Grid>
    );
  }

  return (
    <Content>
      <Box mb={3}>
        {environments.value?.environments.length ? (
          <EnvironmentSelect
            environments={environments.value.environments}
            value={environment}
            onChange={env => {
              setEnvironment(env);
              setSelected(undefined);
            }}
          />
        ) : null}
      </Box>
      <Box mb={3}>
        <MessageLookup />
      </Box>
      {body}
      {environment && (
        <Box mt={3}>
          <TrendsCard environment={environment} />
        </Box>
      )}
    </Content>
  );
};

import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { useMemo } from 'react';
import { DeploymentsResponse, SquadName } from '../../api';
import { exactTime } from '../shared/format';
import {
  Missing,
  PercentCell,
  RowStatus,
  statusLabels,
  statusRank,
  StatusCell,
} from './DeploymentCells';
import { useDeployments } from './useDeployments';

const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** One service on one cluster; a component without the annotation gets one. */
export type DeploymentRow = {
  id: string;
  service: string;
  serviceLabel: string;
  href: string;
  environment: string;
  status: RowStatus;
  reason?: string;
  statusText: string;
  statusRank: number;
  running?: number;
  desired?: number;
  /** running / desired, for sorting. */
  share: number;
  cpu?: number;
  memory?: number;
};

function componentPath(squad: SquadName, service: string, tab: string) {
  return `/catalog/${encodeURIComponent(
    squad.namespace,
  )}/component/${encodeURIComponent(service)}${tab ? `/${tab}` : ''}`;
}

/** Rows by service, then in the clusters' configured order (dev, staging, prod). */
export function rowsOf(
  value: DeploymentsResponse,
  squad: SquadName,
): DeploymentRow[] {
  const clusterOrder = new Map(value.clusters.map((c, i) => [c.name, i]));
  const services = [...value.services].sort((a, b) =>
    (a.title ?? a.service).localeCompare(b.title ?? b.service),
  );
  return services.flatMap<DeploymentRow>(s => {
    const serviceLabel = s.title ?? s.service;
    if (!s.kubernetesId) {
      const status: RowStatus = 'not-annotated';
      const reason = `no ${KUBERNETES_ID_ANNOTATION} annotation`;
      return [
        {
          id: s.service,
          service: s.service,
          serviceLabel,
          href: componentPath(squad, s.service, ''),
          environment: '',
          status,
          reason,
          statusText: `${statusLabels[status]}: ${reason}`,
          statusRank: statusRank[status],
          share: -1,
        },
      ];
    }
    const href = componentPath(squad, s.service, 'kubernetes');
    return [...s.environments]
      .sort(
        (a, b) =>
          (clusterOrder.get(a.cluster) ?? 99) -
          (clusterOrder.get(b.cluster) ?? 99),
      )
      .map(e => ({
        id: `${s.service}@${e.cluster}`,
        service: s.service,
        serviceLabel,
        href,
        environment: e.cluster,
        status: e.status,
        reason: e.reason,
        statusText: `${statusLabels[e.status]}${
          e.reason ? `: ${e.reason}` : ''
        }`,
        statusRank: statusRank[e.status],
        running: e.running,
        desired: e.desired,
        share: e.desired ? e.running / e.desired : -1,
        cpu: e.cpuPercent,
        memory: e.memoryPercent,
      }));
  });
}

/** Whether the row has pod counts: the cluster answered and knows the service. */
const counted = (row: DeploymentRow) =>
  row.status === 'running' ||
  row.status === 'degraded' ||
  row.status === 'failing';

const columns: TableColumn<DeploymentRow>[] = [
  {
    title: 'Service',
    field: 'serviceLabel',
    highlight: true,
    width: '18%',
    render: row => <Link to={row.href}>{row.serviceLabel}</Link>,
  },
  {
    title: 'Environment',
    field: 'environment',
    width: '10%',
    render: row => row.environment || <Missing why="no cluster" />,
  },
  {
    title: 'Running',
    field: 'share',
    width: '8%',
    render: row =>
      counted(row) ? (
        <span title={`${row.running} of ${row.desired} pods running`}>
          {row.running}/{row.desired}
        </span>
      ) : (
        <Missing why="no pod count" />
      ),
  },
  {
    title: 'Status',
    field: 'statusRank',
    // The reason (a pod name, a missing secret) needs the room.
    width: '44%',
    render: row => <StatusCell status={row.status} reason={row.reason} />,
  },
  {
    title: 'CPU (%)',
    field: 'cpu',
    width: '10%',
    render: row =>
      counted(row) ? (
        <PercentCell value={row.cpu} />
      ) : (
        <Missing why="no metrics" />
      ),
  },
  {
    title: 'Memory (%)',
    field: 'memory',
    width: '10%',
    render: row =>
      counted(row) ? (
        <PercentCell value={row.memory} />
      ) : (
        <Missing why="no metrics" />
      ),
  },
  // Searchable, not shown: the table's search finds "CrashLoopBackOff".
  { title: 'Status text', field: 'statusText', hidden: true, searchable: true },
];

/** "All pods running", or "1 failing · 2 not found": worst first. */
export function summaryOf(rows: DeploymentRow[]): string {
  const counts = new Map<RowStatus, number>();
  for (const row of rows) {
    counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  }
  const parts = [...counts.entries()]
    .filter(([status]) => status !== 'running')
    .sort(([a], [b]) => statusRank[a] - statusRank[b])
    .map(([status, n]) => `${n} ${statusLabels[status].toLocaleLowerCase()}`);
  return parts.length ? parts.join(' · ') : 'All pods running';
}

/** The backend's own message rather than "Request failed with 503". */
const messageOf = (error: Error) =>
  error instanceof ResponseError
    ? error.body?.error?.message ?? error.message
    : error.message;

const HOW_TO_CONFIGURE =
  'Add the clusters (one per environment) under kubernetes.clusterLocatorMethods in app-config.yaml, with a service-account token from the environment; see the Kubernetes plugin documentation.';

/**
 * What runs: each of the squad's services on each cluster, pods running of
 * desired, its state with the reason, CPU and memory as a share of the
 * requests. Read again when the pulse reports a pod transition.
 */
export const DeploymentsCard = (props: {
  squad: SquadName;
  squadRef: string;
}) => {
  const { squad, squadRef } = props;
  const { value, error, loading, live } = useDeployments(squad, squadRef);
  const rows = useMemo(
    () => (value ? rowsOf(value, squad) : []),
    [value, squad],
  );

  let content;
  if (loading) {
    content = (
      <InfoCard title="Deployments">
        <Progress />
      </InfoCard>
    );
  } else if (error && !value) {
    content = (
      <InfoCard title="Deployments">
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  } else if (!value?.configured) {
    content = (
      <InfoCard title="Deployments">
        <EmptyState
          missing="field"
          title="No Kubernetes cluster configured"
          description={value?.howToConfigure ?? HOW_TO_CONFIGURE}
        />
      </InfoCard>
    );
  } else if (!value.services.length) {
    content = (
      <InfoCard title="Deployments">
        <EmptyState
          missing="data"
          title="No services"
          description="This squad owns no components yet. Set spec.owner of a component to this squad to see its pods here."
        />
      </InfoCard>
    );
  } else {
    const failing = value.clusters.filter(c => !c.ok);
    content = (
      <>
        {error && (
          <Alert severity="warning" role="status">
            Could not refresh the deployments: {messageOf(error)}. Showing them
            as of {exactTime(value.asOf)}.
          </Alert>
        )}
        {failing.map(c => (
          <Alert key={c.name} severity="warning" role="status">
            <strong>{c.name}:</strong> {c.error ?? 'the cluster did not answer'}
          </Alert>
        ))}
        <Table<DeploymentRow>
          title="Deployments"
          subtitle={`${summaryOf(rows)}. ${
            live ? 'Updated as pods change' : 'Reload to update'
          }; as of ${exactTime(value.asOf)}.`}
          columns={columns}
          data={rows}
          options={{
            paging: false,
            search: true,
            padding: 'dense',
            draggable: false,
            headerStyle: { whiteSpace: 'nowrap' },
          }}
        />
      </>
    );
  }
  return (
    <Box component="section" aria-label="Deployments">
      {content}
    </Box>
  );
};

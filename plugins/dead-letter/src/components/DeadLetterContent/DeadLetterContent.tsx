import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import RefreshIcon from '@material-ui/icons/Refresh';
import ReplayIcon from '@material-ui/icons/Replay';
import Alert from '@material-ui/lab/Alert';
import { ReactElement, useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  DeadLetterList,
  DeadLetterSummary,
  deadLetterApiRef,
  RedeliverResponse,
} from '../../api';
import {
  deadLetterDeletePermission,
  deadLetterRedeliverPermission,
  deadLetterServiceName,
  buildLogLink,
} from '@internal/backstage-plugin-dead-letter-common';
import { EnvironmentSelect } from '../shared/EnvironmentSelect';
import { formatTimestamp, plural } from '../shared/format';
import { useEnvironments } from '../shared/useEnvironments';
import { ConfirmDialog } from './ConfirmDialog';
import { MessageDetailDialog } from './MessageDetailDialog';
import { RecentActions } from './RecentActions';

export const DEFAULT_PAGE_SIZE = 50;

type Outcome = { severity: 'success' | 'warning' | 'error'; text: string };

function describeRedelivery(
  response: RedeliverResponse,
  rows: DeadLetterSummary[],
): Outcome {
  const failed = response.results.filter(r => r.status !== 'redelivered');
  const total = response.results.length;
  if (failed.length === 0) {
    return {
      severity: 'success',
      text: `Redelivered ${plural(total, 'message')} to their original queues.`,
    };
  }
  const byId = new Map(rows.map(r => [r.id, r]));
  const names = failed
    .map(r => {
      const messageId = byId.get(r.id)?.messageId;
      const name = messageId ? `${messageId} (#${r.id})` : `#${r.id}`;
      return r.error ? `${name}: ${r.error}` : name;
    })
    .join('; ');
  return {
    severity: failed.length === total ? 'error' : 'warning',
    text: `Redelivered ${total - failed.length} of ${plural(
      total,
      'message',
    )}. Failed, still stored: ${names}`,
  };
}

/** A button that explains, on hover and in text, why it is disabled. */
const GuardedButton = (props: {
  label: string;
  icon: ReactElement;
  deniedReason?: string;
  disabled: boolean;
  onClick: () => void;
}) => {
  const button = (
    <Button
      variant="outlined"
      color="secondary"
      startIcon={props.icon}
      disabled={props.disabled || Boolean(props.deniedReason)}
      onClick={props.onClick}
    >
      {props.label}
    </Button>
  );
  if (!props.deniedReason) {
    return button;
  }
  return (
    <Tooltip title={props.deniedReason}>
      <span>{button}</span>
    </Tooltip>
  );
};

/** The entity tab: one service's dead letters in one environment. */
export const DeadLetterContent = () => {
  const { entity } = useEntity();
  const service = deadLetterServiceName(entity);
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(deadLetterApiRef);
  const alertApi = useApi(alertApiRef);
  const environments = useEnvironments();

  const [pickedEnvironment, setEnvironment] = useState<string>('');
  // Until the user picks one, the first configured environment.
  const environment =
    pickedEnvironment || environments.value?.environments[0]?.name || '';
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  const [reloadKey, setReloadKey] = useState(0);
  const [selection, setSelection] = useState<{
    of?: DeadLetterList;
    rows: DeadLetterSummary[];
  }>({ rows: [] });
  const [dialog, setDialog] = useState<'delete' | 'redeliver' | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [detailId, setDetailId] = useState<string | undefined>();

  useDebounce(
    () => {
      setSearch(searchInput.trim());
      setPage(0);
    },
    300,
    [searchInput],
  );

  const ready =
    Boolean(environments.value) &&
    (!!environment || !environments.value?.environments.length);

  // Pages of the current query, so that "next page" is usually already
  // here: the page after the shown one is fetched in the background. A new
  // query, a refresh or an action starts a new cache.
  const pages = useMemo(
    () => new Map<number, Promise<DeadLetterList>>(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, environment, service, search, pageSize, reloadKey],
  );
  const fetchPage = useCallback(
    (n: number) => {
      let request = pages.get(n);
      if (!request) {
        request = api.listDeadLetters({
          environment: environment || undefined,
          service,
          q: search || undefined,
          offset: n * pageSize,
          limit: pageSize,
        });
        request.catch(() => pages.delete(n));
        pages.set(n, request);
      }
      return request;
    },
    [pages, api, environment, service, search, pageSize],
  );
  const list = useAsync(
    async () => (ready ? fetchPage(page) : undefined),
    [ready, fetchPage, page],
  );
  useEffect(() => {
    if (list.value && (page + 1) * pageSize < list.value.totalCount) {
      fetchPage(page + 1).catch(() => undefined);
    }
  }, [list.value, page, pageSize, fetchPage]);

  // A new page or filter shows new rows: nothing of them is selected yet.
  const selected = selection.of === list.value ? selection.rows : [];
  const onSelectionChange = useCallback(
    (rows: DeadLetterSummary[]) => setSelection({ of: list.value, rows }),
    [list.value],
  );

  const canDelete = usePermission({
    permission: deadLetterDeletePermission,
    resourceRef: entityRef,
  });
  const canRedeliver = usePermission({
    permission: deadLetterRedeliverPermission,
    resourceRef: entityRef,
  });
  const deleteDenied =
    !canDelete.loading && !canDelete.allowed
      ? `You are not allowed to delete dead letters of ${service}.`
      : undefined;
  const redeliverDenied =
    !canRedeliver.loading && !canRedeliver.allowed
      ? `You are not allowed to redeliver dead letters of ${service}.`
      : undefined;

  const reload = useCallback(() => setReloadKey(k => k + 1), []);

  const runDelete = async () => {
    setBusy(true);
    const ids = selected.map(m => m.id);
    try {
      const response = await api.deleteDeadLetters(ids);
      setOutcome({
        severity: 'success',
        text: `Deleted ${plural(response.deleted.length, 'message')}.`,
      });
      alertApi.post({
        message: `Deleted ${plural(response.deleted.length, 'message')}.`,
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      setOutcome({ severity: 'error', text: `Delete failed: ${e}` });
    } finally {
      setBusy(false);
      setDialog(undefined);
      reload();
    }
  };

  const runRedeliver = async () => {
    setBusy(true);
    const rows = selected;
    try {
      const response = await api.redeliverDeadLetters(rows.map(m => m.id));
      setOutcome(describeRedelivery(response, rows));
    } catch (e) {
      setOutcome({ severity: 'error', text: `Redeliver failed: ${e}` });
    } finally {
      setBusy(false);
      setDialog(undefined);
      reload();
    }
  };

  const onPageChange = useCallback(
    (newPage: number, newPageSize: number) => {
      if (newPageSize !== pageSize) {
        setPageSize(newPageSize);
        setPage(0);
      } else {
        setPage(newPage);
      }
    },
    [pageSize],
  );
  const onRowClick = useCallback(
    (_event?: unknown, row?: DeadLetterSummary) => row && setDetailId(row.id),
    [],
  );
  const options = useMemo(
    () => ({
      selection: true,
      search: false,
      sorting: false,
      paging: true,
      pageSize,
      pageSizeOptions: [20, 50, 100],
      emptyRowsWhenPaging: false,
      padding: 'dense' as const,
      showFirstLastPageButtons: true,
    }),
    [pageSize],
  );

  const logLinkTemplate = environments.value?.logLinkTemplate;
  const columns = useMemo<TableColumn<DeadLetterSummary>[]>(
    () => [
      {
        title: 'Timestamp',
        field: 'receivedAt',
        render: row => formatTimestamp(row.receivedAt),
        cellStyle: { whiteSpace: 'nowrap' },
      },
      { title: 'Queue', field: 'queue' },
      { title: 'Routing key', field: 'routingKey' },
      { title: 'Message ID', field: 'messageId' },
      { title: 'Correlation ID', field: 'correlationId' },
      { title: 'Error', field: 'error' },
      {
        title: 'Logs',
        field: 'id',
        sorting: false,
        render: row => {
          const href = logLinkTemplate
            ? buildLogLink(logLinkTemplate, row)
            : undefined;
          return href ? (
            <Link
              to={href}
              onClick={e => e.stopPropagation()}
              aria-label={`Logs of message ${row.messageId ?? row.id}`}
            >
              Logs
            </Link>
          ) : null;
        },
      },
    ],
    [logLinkTemplate],
  );

  if (environments.loading) {
    return <Progress />;
  }
  if (environments.error) {
    return <ResponseErrorPanel error={environments.error} />;
  }
  const envList = environments.value?.environments ?? [];
  const count = selected.length;

  let table: ReactElement;
  if (list.error) {
    table = <ResponseErrorPanel error={list.error} />;
  } else {
    table = (
      <Table<DeadLetterSummary>
        title={`Dead letters of ${service}`}
        columns={columns}
        data={list.value?.items ?? []}
        isLoading={list.loading}
        page={page}
        totalCount={list.value?.totalCount ?? 0}
        onPageChange={onPageChange}
        onSelectionChange={onSelectionChange}
        onRowClick={onRowClick}
        options={options}
        emptyContent={
          <EmptyState
            missing="data"
            title={search ? 'No matching dead letters' : 'No dead letters'}
            description={
              search
                ? `No dead letter of ${service} in ${
                    environment || 'any environment'
                  } matches "${search}".`
                : `${service} has no dead letters in ${
                    environment || 'any environment'
                  }.`
            }
          />
        }
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
        >
          {envList.length > 0 ? (
            <EnvironmentSelect
              environments={envList}
              value={environment}
              onChange={env => {
                setEnvironment(env);
                setPage(0);
                setOutcome(undefined);
              }}
            />
          ) : (
            <Typography color="textSecondary">
              No broker environment is configured: showing stored messages only.
            </Typography>
          )}
          <TextField
            id="dead-letter-search"
            label="Search"
            variant="outlined"
            size="small"
            value={searchInput}
            onChange={e => setSearchInput(e.target.value)}
            placeholder="Message ID, correlation ID, error, queue…"
            style={{ minWidth: 300 }}
          />
          <Button
            variant="outlined"
            startIcon={<RefreshIcon />}
            onClick={reload}
          >
            Refresh
          </Button>
          <Box flexGrow={1} />
          <GuardedButton
            label="Redeliver"
            icon={<ReplayIcon />}
            deniedReason={redeliverDenied}
            disabled={count === 0 || canRedeliver.loading}
            onClick={() => setDialog('redeliver')}
          />
          <GuardedButton
            label="Delete"
            icon={<DeleteIcon />}
            deniedReason={deleteDenied}
            disabled={count === 0 || canDelete.loading}
            onClick={() => setDialog('delete')}
          />
        </Box>
        {(deleteDenied || redeliverDenied) && (
          <Box mt={1}>
            <Typography variant="body2" color="textSecondary">
              {[redeliverDenied, deleteDenied].filter(Boolean).join(' ')}
            </Typography>
          </Box>
        )}
        {outcome && (
          <Box mt={2}>
            <Alert
              severity={outcome.severity}
              onClose={() => setOutcome(undefined)}
            >
              {outcome.text}
            </Alert>
          </Box>
        )}
      </Grid>
      <Grid item xs={12}>
        {table}
      </Grid>
      <Grid item xs={12} md={6}>
        <RecentActions service={service} reloadKey={reloadKey} />
      </Grid>
      <ConfirmDialog
        open={dialog === 'delete'}
        title="Confirm deletion"
        confirmLabel="Delete"
        busy={busy}
        onConfirm={runDelete}
        onCancel={() => setDialog(undefined)}
      >
        This action is destructive and cannot be undone. You are about to delete{' '}
        {plural(count, 'message')}.
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'redeliver'}
        title="Confirm redelivery"
        confirmLabel="Redeliver"
        busy={busy}
        onConfirm={runRedeliver}
        onCancel={() => setDialog(undefined)}
      >
        Each message is published again to the queue it died on, and removed
        from the portal once the broker confirms it. You are about to redeliver{' '}
        {plural(count, 'message')}.
      </ConfirmDialog>
      <MessageDetailDialog
        id={detailId}
        onClose={() => setDetailId(undefined)}
      />
    </Grid>
  );
};

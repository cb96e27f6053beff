import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  deadLetterServiceLabel,
  deadLetterServiceName,
  isUnassignedService,
} from '@internal/backstage-plugin-dead-letter-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import RefreshIcon from '@material-ui/icons/Refresh';
import ReplayIcon from '@material-ui/icons/Replay';
import Alert from '@material-ui/lab/Alert';
import { IngestNotice } from './IngestNotice';
import { useCallback, useMemo } from 'react';
import { BulkFilter, DeadLetterSummary } from '../../api';
import { EnvironmentSelect } from '../shared/EnvironmentSelect';
import { useEnvironments } from '../shared/useEnvironments';
import { ActionDialogs } from './ActionDialogs';
import { ActionOutcome } from './bulkOutcome';
import { BulkProgress } from './BulkProgress';
import { deadLetterColumns } from './columns';
import { ErrorChips } from './ErrorChips';
import { TriageFilters } from './TriageFilters';
import { useDeadLetterErrors } from './useDeadLetterErrors';
import { GuardedButton } from './GuardedButton';
import { MessageDetailDialog } from './MessageDetailDialog';
import { NewDeadLettersMarker } from './NewDeadLettersMarker';
import { RecentActions } from './RecentActions';
import { SelectAllBanner } from './SelectAllBanner';
import { useDeadLetterActions } from './useDeadLetterActions';
import { useOpenMessage } from './useDeadLetterFilters';
import { PAGE_SIZE_OPTIONS, useDeadLetterPages } from './useDeadLetterPages';
import { useDeadLetterPermissions } from './useDeadLetterPermissions';
import { useDeadLetterSelection } from './useDeadLetterSelection';
import { useIngestStatus } from './useIngestStatus';
import { useNewDeadLetters } from './useNewDeadLetters';
import { useReadableLabels } from '../shared/readableLabels';

function emptyDescription(options: {
  service: string;
  environment: string;
  search: string;
  filtered: boolean;
}) {
  const { search, filtered } = options;
  const service = deadLetterServiceLabel(options.service);
  const environment = options.environment || 'any environment';
  if (search) {
    return `No dead letter of ${service} in ${environment} matches "${search}".`;
  }
  return filtered
    ? `No dead letter of ${service} in ${environment} matches the filters.`
    : `${service} has no dead letters in ${environment}.`;
}

/** The entity tab: one service's dead letters in one environment. */
export const DeadLetterContent = () => {
  const labels = useReadableLabels();
  const { entity } = useEntity();
  const service = deadLetterServiceName(entity);
  const environments = useEnvironments();
  const {
    environment,
    setEnvironment,
    page,
    pageSize,
    onPageChange,
    searchInput,
    setSearchInput,
    search,
    queueInput,
    setQueueInput,
    filters,
    update,
    filtered,
    query,
    list,
    reload,
    reloadFirstPage,
    reloadKey,
  } = useDeadLetterPages({ service, environments: environments.value });
  const errors = useDeadLetterErrors({
    request: {
      environment: environment || undefined,
      service,
      queue: filters.queue || undefined,
      from: filters.from || undefined,
      to: filters.to || undefined,
    },
    ready: Boolean(environments.value),
    reloadKey,
  });
  const selection = useDeadLetterSelection(list.value);
  const { selected, onSelectionChange, allMatching, count } = selection;
  const bulk = useMemo(() => {
    if (!allMatching || !environment) {
      return undefined;
    }
    // The list's filters without its order: a bulk action takes them all.
    const { order: _order, ...filter } = query;
    return { filter: { ...filter, environment } as BulkFilter, allMatching };
  }, [allMatching, environment, query]);
  const actions = useDeadLetterActions({ selected, bulk, onDone: reload });
  const permissions = useDeadLetterPermissions(entity);
  const { canDelete, canRedeliver, deleteDenied, redeliverDenied } =
    permissions;
  const [detailId, setDetailId] = useOpenMessage();
  const ingest = useIngestStatus({
    environments: environments.value?.environments,
    reloadKey,
  });
  const newCount = useNewDeadLetters({
    environment,
    service,
    resetKey: reloadKey,
  });
  const onDetailDone = useCallback(
    (outcome: ActionOutcome) => {
      setDetailId(undefined);
      actions.setOutcome(outcome);
      reload();
    },
    [setDetailId, actions, reload],
  );

  const onRowClick = useCallback(
    (_event?: unknown, row?: DeadLetterSummary) => row && setDetailId(row.id),
    [setDetailId],
  );
  const options = useMemo(
    () => ({
      selection: true,
      search: false,
      sorting: false,
      paging: true,
      pageSize,
      pageSizeOptions: PAGE_SIZE_OPTIONS,
      emptyRowsWhenPaging: false,
      padding: 'dense' as const,
      showFirstLastPageButtons: true,
      headerSelectionProps: {
        inputProps: { 'aria-label': 'Select all messages on this page' },
      },
      selectionProps: (row: DeadLetterSummary) => ({
        inputProps: {
          'aria-label': `Select message ${row.messageId ?? `#${row.id}`}`,
        },
      }),
    }),
    [pageSize],
  );

  const logLinkTemplate = environments.value?.logLinkTemplate;
  const columns = useMemo(
    () => deadLetterColumns(logLinkTemplate),
    [logLinkTemplate],
  );

  // The table (50 rows by default) is rendered again only when what it shows
  // changes: typing in the search field, a selection or a dialog re-renders
  // the tab, not every row.
  const tableTitle = isUnassignedService(service)
    ? 'Unassigned dead letters (no service could be told)'
    : `Dead letters of ${service}`;
  const table = useMemo(
    () =>
      list.error ? (
        <ResponseErrorPanel error={list.error} />
      ) : (
        <Table<DeadLetterSummary>
          key={`${reloadKey}-${selection.tableKey}`}
          title={tableTitle}
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
              title={filtered ? 'No matching dead letters' : 'No dead letters'}
              description={emptyDescription({
                service,
                environment,
                search,
                filtered,
              })}
            />
          }
        />
      ),
    [
      list.error,
      list.value,
      list.loading,
      reloadKey,
      selection.tableKey,
      tableTitle,
      columns,
      page,
      onPageChange,
      onSelectionChange,
      onRowClick,
      options,
      filtered,
      service,
      environment,
      search,
    ],
  );

  if (environments.loading) {
    return <Progress />;
  }
  if (environments.error) {
    return <ResponseErrorPanel error={environments.error} />;
  }
  const envList = environments.value?.environments ?? [];
  const pageRows = list.value?.items.length ?? 0;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
          className={labels.root}
        >
          {envList.length > 0 ? (
            <EnvironmentSelect
              environments={envList}
              value={environment}
              onChange={env => {
                setEnvironment(env);
                actions.clearOutcome();
              }}
            />
          ) : null}
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
          <TriageFilters
            queueInput={queueInput}
            onQueueInput={setQueueInput}
            from={filters.from}
            to={filters.to}
            onRange={update}
            order={filters.order}
            onOrder={order => update({ order })}
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
            disabled={count === 0 || !canRedeliver || actions.busy}
            onClick={() => actions.openDialog('redeliver')}
          />
          <GuardedButton
            label="Delete"
            icon={<DeleteIcon />}
            deniedReason={deleteDenied}
            disabled={count === 0 || !canDelete || actions.busy}
            onClick={() => actions.openDialog('delete')}
          />
        </Box>
        <IngestNotice environments={ingest} selected={environment} />
        <ErrorChips
          errors={errors}
          selected={filters.error}
          onSelect={error => update({ error })}
        />
        {(deleteDenied || redeliverDenied) && (
          <Box mt={1}>
            {[redeliverDenied, deleteDenied].filter(Boolean).map(reason => (
              <Typography key={reason} variant="body2" color="textSecondary">
                {reason}
              </Typography>
            ))}
          </Box>
        )}
        {actions.outcome && (
          <Box mt={2}>
            <Alert
              severity={actions.outcome.severity}
              onClose={actions.clearOutcome}
            >
              {actions.outcome.text}
              {actions.outcome.details && (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {actions.outcome.details.map(line => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
            </Alert>
          </Box>
        )}
        {actions.job && <BulkProgress job={actions.job} />}
        <NewDeadLettersMarker count={newCount} onShow={reloadFirstPage} />
        {Boolean(environment) &&
          (selection.canSelectAllMatching || allMatching) && (
            <Box mt={2}>
              <SelectAllBanner
                pageRows={pageRows}
                totalCount={list.value?.totalCount ?? 0}
                allMatching={allMatching}
                onSelectAll={selection.selectAllMatching}
                onClear={selection.clearSelection}
              />
            </Box>
          )}
      </Grid>
      <Grid item xs={12}>
        {table}
      </Grid>
      <Grid item xs={12} md={6}>
        <RecentActions service={service} reloadKey={reloadKey} />
      </Grid>
      <ActionDialogs
        open={actions.dialog}
        count={count}
        busy={actions.busy}
        onDelete={actions.runDelete}
        onRedeliver={actions.runRedeliver}
        onCancel={actions.closeDialog}
      />
      <MessageDetailDialog
        id={detailId}
        onClose={() => setDetailId(undefined)}
        permissions={permissions}
        onDone={onDetailDone}
      />
    </Grid>
  );
};

import {
  Content,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { AccessHistoryEntry, databaseAccessApiRef } from '../../api';
import { formatTimestamp, shortRef } from '../shared/format';
import { NotConfigured } from '../shared/NotConfigured';
import { useEnvironments } from '../shared/useEnvironments';
import { HistoryFilterForm } from './HistoryFilterForm';
import { useTableStyles } from '../shared/styles';
import { useCsvExport } from './useCsvExport';
import { toHistoryQuery, useHistoryFilters } from './useHistoryFilters';

const HistoryTable = (props: { items: AccessHistoryEntry[] }) => {
  const classes = useTableStyles();
  return (
    <div className={classes.container}>
      <Table size="small" aria-label="Access history" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell>User</TableCell>
            <TableCell>Database</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Level</TableCell>
            <TableCell>From</TableCell>
            <TableCell>Until</TableCell>
            <TableCell>Ended by</TableCell>
            <TableCell>Reason</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.items.map(h => (
            <TableRow key={h.requestId}>
              <TableCell>{shortRef(h.user)}</TableCell>
              <TableCell>
                <EntityRefLink entityRef={h.database}>
                  {shortRef(h.database)}
                </EntityRefLink>
              </TableCell>
              <TableCell>{h.environment}</TableCell>
              <TableCell>{h.level}</TableCell>
              <TableCell className="time">{formatTimestamp(h.from)}</TableCell>
              <TableCell className="time">{formatTimestamp(h.until)}</TableCell>
              <TableCell>
                {h.endedBy
                  ? `${shortRef(h.endedBy)}${
                      h.endReason ? `: ${h.endReason}` : ''
                    }`
                  : ''}
              </TableCell>
              <TableCell className="reason">{h.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};

/** The "History" tab: who had access to which database when. */
export const HistoryPage = () => {
  const api = useApi(databaseAccessApiRef);
  const environments = useEnvironments();
  const [filters, setFilters] = useHistoryFilters();
  const query = useMemo(() => toHistoryQuery(filters), [filters]);
  const history = useAsync(() => api.listAccessHistory(query), [api, query]);
  const csv = useCsvExport(query);

  if (environments.loading) {
    return <Progress />;
  }
  if (environments.error) {
    return <ResponseErrorPanel error={environments.error} />;
  }
  if (!environments.value?.items.length) {
    return (
      <Content>
        <NotConfigured />
      </Content>
    );
  }

  let body;
  if (history.loading) {
    body = <Progress />;
  } else if (history.error) {
    body = <ResponseErrorPanel error={history.error} />;
  } else if (!history.value?.items.length) {
    body = (
      <EmptyState
        missing="data"
        title="No access in this period"
        description="Nobody had access that matches these filters."
      />
    );
  } else {
    body = <HistoryTable items={history.value.items} />;
  }

  return (
    <Content>
      <InfoCard
        title="Who had access to which database when"
        action={
          <Box mt={1} mr={1}>
            <Button
              color="primary"
              variant="outlined"
              onClick={csv.download}
              disabled={csv.busy}
            >
              Export CSV
            </Button>
          </Box>
        }
      >
        <HistoryFilterForm
          filters={filters}
          environments={environments.value.items}
          onApply={setFilters}
        />
        {csv.error ? <ResponseErrorPanel error={csv.error} /> : null}
        {body}
      </InfoCard>
    </Content>
  );
};

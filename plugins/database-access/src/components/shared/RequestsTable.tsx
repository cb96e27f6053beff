import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { AccessRequest } from '../../api';
import { formatMinutes, formatTimestamp, shortRef } from './format';
import { RequestActionButtons } from './RequestActionButtons';
import { useTableStyles } from './styles';
import { useRequestActions } from './useRequestActions';

/** What ended or decided a request, in a line. */
function statusDetail(r: AccessRequest): string {
  switch (r.status) {
    case 'pending':
      return `${r.approvals.length} of ${r.approvalsRequired} approval${
        r.approvalsRequired === 1 ? '' : 's'
      }`;
    case 'rejected':
      return `by ${shortRef(r.decidedBy)}: ${r.decisionReason ?? ''}`;
    case 'revoked':
    case 'ended':
      return r.grant?.endedBy
        ? `by ${shortRef(r.grant.endedBy)}${
            r.grant.endReason ? `: ${r.grant.endReason}` : ''
          }`
        : '';
    case 'failed':
      return r.error ?? '';
    default:
      return '';
  }
}

/** The end of the window: the grant's end, or when a pending request lapses. */
function until(r: AccessRequest): string {
  if (r.status === 'pending') {
    return `approve by ${formatTimestamp(r.approveBy)}`;
  }
  if (r.grant) {
    return formatTimestamp(r.grant.endedAt ?? r.grant.validUntil);
  }
  return '';
}

/** Requests with their status and the actions the signed-in user may take. */
export const RequestsTable = (props: {
  title: string;
  requests: AccessRequest[];
  showDatabase: boolean;
  /** False where every request is the user's own ("My requests"). */
  showRequester?: boolean;
  me?: string;
  actions: ReturnType<typeof useRequestActions>;
  empty: ReactNode;
}) => {
  const { requests, showDatabase, me, actions } = props;
  const showRequester = props.showRequester ?? true;
  const classes = useTableStyles();
  return (
    <InfoCard title={props.title} noPadding>
      {requests.length === 0 ? (
        <Box p={2}>{props.empty}</Box>
      ) : (
        <div className={classes.container}>
          <Table
            size="small"
            aria-label={props.title}
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                {showDatabase ? <TableCell>Database</TableCell> : null}
                {showRequester ? <TableCell>Requester</TableCell> : null}
                <TableCell>Environment</TableCell>
                <TableCell>Level</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Until</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {requests.map(r => (
                <TableRow key={r.id} data-testid={`request-${r.id}`}>
                  {showDatabase ? (
                    <TableCell>
                      <EntityRefLink entityRef={r.database}>
                        {shortRef(r.database)}
                      </EntityRefLink>
                    </TableCell>
                  ) : null}
                  {showRequester ? (
                    <TableCell>{shortRef(r.requester)}</TableCell>
                  ) : null}
                  <TableCell>{r.environment}</TableCell>
                  <TableCell>{r.level}</TableCell>
                  <TableCell>{formatMinutes(r.durationMinutes)}</TableCell>
                  <TableCell>
                    <Chip size="small" label={r.status} />
                    <Typography variant="caption" component="p">
                      {statusDetail(r)}
                    </Typography>
                  </TableCell>
                  <TableCell className="time">{until(r)}</TableCell>
                  <TableCell className="reason">{r.reason}</TableCell>
                  <TableCell className="actions">
                    <RequestActionButtons
                      request={r}
                      me={me}
                      busy={actions.busy}
                      onAction={actions.open}
                      onShowCredentials={actions.showCredentials}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </InfoCard>
  );
};

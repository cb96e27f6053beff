import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useState } from 'react';
import { AccessRequest } from '../../api';
import { RequestAccessDialog } from '../RequestAccess';
import { ActionDialogs } from '../shared/ActionDialogs';
import { shortRef } from '../shared/format';
import { NotConfigured } from '../shared/NotConfigured';
import { RequestsTable } from '../shared/RequestsTable';
import { useCurrentUser } from '../shared/useCurrentUser';
import { useEnvironments } from '../shared/useEnvironments';
import { useRequestActions } from '../shared/useRequestActions';
import { useReloadOnNotification } from '../shared/useReloadOnNotification';
import { useRequests } from '../shared/useRequests';
import { useFocusedRequest } from './useFocusedRequest';

/**
 * The "Requests" tab of the Database access page: the requests waiting for
 * my decision, my own requests, and "Request access" for any database.
 */
export const RequestsPage = () => {
  const environments = useEnvironments();
  const configured = (environments.value?.items.length ?? 0) > 0;
  const awaiting = useRequests({ view: 'awaiting-me' }, configured);
  const mine = useRequests({ view: 'mine' }, configured);
  const focused = useFocusedRequest();
  const reload = useCallback(() => {
    awaiting.retry();
    mine.retry();
    if (focused.id) {
      focused.retry();
    }
  }, [awaiting, mine, focused]);
  useReloadOnNotification(reload);
  const actions = useRequestActions(reload);
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<AccessRequest | undefined>();

  let body;
  if (
    environments.loading ||
    (configured && !awaiting.value && !awaiting.error) ||
    (configured && !mine.value && !mine.error)
  ) {
    body = <Progress />;
  } else if (environments.error || awaiting.error || mine.error) {
    body = (
      <ResponseErrorPanel
        error={(environments.error ?? awaiting.error ?? mine.error)!}
      />
    );
  } else if (!configured) {
    body = <NotConfigured />;
  } else {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="body1">
              Ask for time-boxed read or write access to a database; a member of
              the squad that owns it approves.
            </Typography>
            <Button
              color="primary"
              variant="contained"
              onClick={() => {
                setCreated(undefined);
                setOpen(true);
              }}
            >
              Request access
            </Button>
          </Box>
          {created ? (
            <Box mt={2}>
              <Alert severity="success" onClose={() => setCreated(undefined)}>
                Request sent: {created.level} access to{' '}
                {shortRef(created.database)} in {created.environment}. The
                owning squad has been told.
              </Alert>
            </Box>
          ) : null}
        </Grid>
        <Grid item xs={12}>
          <ActionDialogs actions={actions} />
        </Grid>
        {focused.id ? (
          <Grid item xs={12}>
            {focused.error ? (
              <ResponseErrorPanel error={focused.error} />
            ) : (
              <RequestsTable
                title="The request you were sent"
                requests={focused.value ? [focused.value] : []}
                showDatabase
                me={me}
                actions={actions}
                empty={<Progress />}
              />
            )}
          </Grid>
        ) : null}
        <Grid item xs={12}>
          <RequestsTable
            title="Waiting for me"
            requests={awaiting.value ?? []}
            showDatabase
            me={me}
            actions={actions}
            empty={
              <EmptyState
                missing="data"
                title="Nothing waits for you"
                description="Requests for databases your squad owns show here until someone decides."
              />
            }
          />
        </Grid>
        <Grid item xs={12}>
          <RequestsTable
            title="My requests"
            requests={mine.value ?? []}
            showDatabase
            showRequester={false}
            me={me}
            actions={actions}
            empty={
              <EmptyState
                missing="data"
                title="No requests yet"
                description="Use Request access to ask for access to a database."
              />
            }
          />
        </Grid>
      </Grid>
    );
  }

  return (
    <Content>
      {body}
      {open && environments.value ? (
        <RequestAccessDialog
          open
          environments={environments.value.items}
          onClose={() => setOpen(false)}
          onCreated={request => {
            setOpen(false);
            setCreated(request);
            reload();
          }}
        />
      ) : null}
    </Content>
  );
};

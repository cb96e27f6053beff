import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { RequestAccessDialog } from '../RequestAccess';
import { ActionDialogs } from '../shared/ActionDialogs';
import { NotConfigured } from '../shared/NotConfigured';
import { RequestsTable } from '../shared/RequestsTable';
import { useCurrentUser } from '../shared/useCurrentUser';
import { useEnvironments } from '../shared/useEnvironments';
import { useRequestActions } from '../shared/useRequestActions';
import { useReloadOnNotification } from '../shared/useReloadOnNotification';
import { useRequests } from '../shared/useRequests';

/** The Access tab of a database Resource: its grants and requests. */
export const EntityAccessContent = () => {
  const { entity } = useEntity();
  const database = stringifyEntityRef(entity);
  const environments = useEnvironments();
  const configured = (environments.value?.items.length ?? 0) > 0;
  const requests = useRequests({ view: 'all', database }, configured);
  const actions = useRequestActions(requests.retry);
  useReloadOnNotification(requests.retry);
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);

  // A reload after an action keeps the table (and an open dialog) in place.
  if (
    environments.loading ||
    (configured && !requests.value && !requests.error)
  ) {
    return <Progress />;
  }
  if (environments.error || requests.error) {
    return (
      <ResponseErrorPanel error={(environments.error ?? requests.error)!} />
    );
  }
  if (!configured) {
    return <NotConfigured />;
  }
  const items = requests.value ?? [];
  const requestButton = (
    <Button color="primary" variant="contained" onClick={() => setOpen(true)}>
      Request access
    </Button>
  );

  return (
    <Grid
      container
      spacing={3}
      component="section"
      aria-label="Access to this database"
    >
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="body1">
            Time-boxed read or write access to this database, approved by the
            squad that owns it.
          </Typography>
          {requestButton}
        </Box>
      </Grid>
      <Grid item xs={12}>
        <ActionDialogs actions={actions} />
        <RequestsTable
          title="Grants and requests"
          requests={items}
          showDatabase={false}
          me={me}
          actions={actions}
          empty={
            <EmptyState
              missing="data"
              title="No requests yet"
              description="Nobody has asked for access to this database yet."
            />
          }
        />
      </Grid>
      {open ? (
        <RequestAccessDialog
          open
          environments={environments.value!.items}
          database={database}
          onClose={() => setOpen(false)}
          onCreated={() => {
            setOpen(false);
            requests.retry();
          }}
        />
      ) : null}
    </Grid>
  );
};

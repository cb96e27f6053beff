import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import {
  AccessLevel,
  AccessRequest,
  databaseAccessApiRef,
  Environment,
} from '../../api';
import { formatMinutes, shortRef } from '../shared/format';
import { useDatabases } from './useDatabases';
import { useFormStyles } from '../shared/styles';
import { DurationUnit, useRequestForm } from './useRequestForm';

const DatabaseField = (props: { form: ReturnType<typeof useRequestForm> }) => {
  const { form } = props;
  const databases = useDatabases();
  if (databases.loading) {
    return <Progress />;
  }
  if (databases.error) {
    return <ResponseErrorPanel error={databases.error} />;
  }
  return (
    <TextField
      select
      id="database-access-form-database"
      label="Database"
      required
      fullWidth
      variant="outlined"
      margin="normal"
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      value={form.values.database}
      onChange={e => form.set('database', e.target.value)}
      onBlur={() => form.touch('database')}
      error={Boolean(form.errors.database)}
      helperText={form.errors.database ?? 'A Resource of type database.'}
    >
      <option value="">Pick a database</option>
      {(databases.value ?? []).map(db => (
        <option key={db.ref} value={db.ref}>
          {db.title}
          {db.owner ? ` (${shortRef(db.owner)})` : ''}
        </option>
      ))}
    </TextField>
  );
};

/** What the environment implies, or why it cannot grant now. */
function environmentNote(env: Environment | undefined, level: AccessLevel) {
  if (!env) {
    return '';
  }
  const approvals = env.approvalsRequired[level];
  const parts = [
    `Needs ${approvals} approval${
      approvals === 1 ? '' : 's'
    } from the owning squad.`,
  ];
  if (env.mode === 'gitops') {
    parts.push('Granted through a PostgreSQLUser commit (GitOps).');
  }
  return parts.join(' ');
}

/**
 * The "Request access" form, in a dialog: for one database (the Access tab)
 * or for one picked from the catalog (the Database access page).
 */
export const RequestAccessDialog = (props: {
  open: boolean;
  environments: Environment[];
  /** Fixed database entity ref; absent: the user picks one. */
  database?: string;
  onClose: () => void;
  onCreated: (request: AccessRequest) => void;
}) => {
  const { open, environments, database } = props;
  const api = useApi(databaseAccessApiRef);
  const classes = useFormStyles();
  const form = useRequestForm(environments, database);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const { values, errors } = form;
  const titleId = 'database-access-request-title';

  const onSubmit = async () => {
    const body = form.submit();
    if (!body) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      props.onCreated(await api.createRequest(body));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        Request access{database ? ` to ${shortRef(database)}` : ''}
      </DialogTitle>
      <DialogContent className={classes.form}>
        {database ? null : <DatabaseField form={form} />}
        <TextField
          select
          id="database-access-form-environment"
          label="Environment"
          required
          fullWidth
          variant="outlined"
          margin="normal"
          SelectProps={{ native: true }}
          value={values.environment}
          onChange={e => form.set('environment', e.target.value)}
          error={Boolean(errors.environment)}
          helperText={
            errors.environment ??
            environmentNote(form.environment, values.level)
          }
        >
          {environments.map(env => (
            <option key={env.name} value={env.name}>
              {env.name}
            </option>
          ))}
        </TextField>
        {form.environment?.error ? (
          <Alert severity="warning">
            The server of {form.environment.name} does not answer right now:{' '}
            {form.environment.error}
          </Alert>
        ) : null}
        <FormControl component="fieldset" margin="normal">
          <FormLabel component="legend">Level</FormLabel>
          <RadioGroup
            row
            name="database-access-level"
            value={values.level}
            onChange={e => form.set('level', e.target.value as AccessLevel)}
          >
            <FormControlLabel
              value="read"
              control={<Radio color="primary" />}
              label="Read (SELECT)"
            />
            <FormControlLabel
              value="write"
              control={<Radio color="primary" />}
              label="Write (SELECT, INSERT, UPDATE, DELETE)"
            />
          </RadioGroup>
        </FormControl>
        <Box display="flex" alignItems="flex-start">
          <TextField
            id="database-access-form-duration"
            label="Duration"
            required
            type="number"
            variant="outlined"
            margin="normal"
            inputProps={{ min: 1, step: 1 }}
            value={values.duration}
            onChange={e => form.set('duration', e.target.value)}
            onBlur={() => form.touch('duration')}
            error={Boolean(errors.duration)}
            helperText={
              errors.duration ??
              (form.maxMinutes !== undefined
                ? `Up to ${formatMinutes(form.maxMinutes)} for ${
                    values.level
                  } in ${values.environment}.`
                : ' ')
            }
            style={{ flex: 1, marginRight: 16 }}
          />
          <TextField
            select
            id="database-access-form-unit"
            label="Unit"
            variant="outlined"
            margin="normal"
            SelectProps={{ native: true }}
            value={values.unit}
            onChange={e => form.set('unit', e.target.value as DurationUnit)}
            style={{ width: 140 }}
          >
            <option value="minutes">minutes</option>
            <option value="hours">hours</option>
            <option value="days">days</option>
          </TextField>
        </Box>
        <TextField
          id="database-access-form-reason"
          label="Reason"
          required
          fullWidth
          multiline
          minRows={3}
          variant="outlined"
          margin="normal"
          value={values.reason}
          onChange={e => form.set('reason', e.target.value)}
          onBlur={() => form.touch('reason')}
          error={Boolean(errors.reason)}
          helperText={
            errors.reason ??
            'Why you need it, in a sentence or more: the approvers and the audit read it.'
          }
        />
        {error ? <ResponseErrorPanel error={error} /> : null}
      </DialogContent>
      <DialogActions>
        <Button color="primary" onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={onSubmit}
          disabled={busy}
        >
          Send request
        </Button>
      </DialogActions>
    </Dialog>
  );
};

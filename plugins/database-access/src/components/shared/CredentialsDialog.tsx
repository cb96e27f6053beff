import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { AccessRequest, Credentials } from '../../api';
import { formatTimestamp, shortRef } from './format';

function connectionUri(c: Credentials): string {
  const e = encodeURIComponent;
  return `postgresql://${e(c.username)}:${e(c.password)}@${c.host}:${
    c.port
  }/${e(c.database)}`;
}

const Field = (props: { label: string; value: string; copy?: boolean }) => (
  <Box display="flex" alignItems="center" mb={1}>
    <Typography
      component="dt"
      variant="body2"
      color="textSecondary"
      style={{ width: 110, flexShrink: 0 }}
    >
      {props.label}
    </Typography>
    <Box component="dd" m={0} display="flex" alignItems="center">
      <Typography
        component="span"
        variant="body2"
        style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
      >
        {props.value}
      </Typography>
      {props.copy ? (
        <CopyTextButton
          text={props.value}
          aria-label={`Copy ${props.label.toLocaleLowerCase('en-US')}`}
          tooltipText={`${props.label} copied`}
        />
      ) : null}
    </Box>
  </Box>
);

/** The login of an active grant, shown once. */
export const CredentialsDialog = (props: {
  shown?: { request: AccessRequest; credentials: Credentials };
  onClose: () => void;
}) => {
  const { shown, onClose } = props;
  const titleId = 'database-access-credentials-title';
  return (
    <Dialog
      open={Boolean(shown)}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        Credentials for {shown ? shortRef(shown.request.database) : ''}
      </DialogTitle>
      {shown ? (
        <DialogContent>
          <Box mb={2}>
            <Alert severity="warning">
              Shown once: the portal does not keep the password. Copy it now;
              closing this dialog hides it for good.
            </Alert>
          </Box>
          <Box component="dl" m={0}>
            <Field label="Username" value={shown.credentials.username} copy />
            <Field label="Password" value={shown.credentials.password} copy />
            <Field label="Host" value={shown.credentials.host} />
            <Field label="Port" value={String(shown.credentials.port)} />
            <Field label="Database" value={shown.credentials.database} />
            <Field
              label="Valid until"
              value={formatTimestamp(shown.credentials.validUntil)}
            />
            <Field
              label="Connection URI"
              value={connectionUri(shown.credentials)}
              copy
            />
          </Box>
        </DialogContent>
      ) : null}
      <DialogActions>
        <Button color="primary" variant="contained" onClick={onClose}>
          Done, I have copied it
        </Button>
      </DialogActions>
    </Dialog>
  );
};

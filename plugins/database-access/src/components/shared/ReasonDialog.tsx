import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { ReactNode, useEffect, useState } from 'react';
import { useFormStyles } from './styles';

/**
 * Confirms an action with a text: the reason of a reject (required), a revoke
 * or an approval's comment (optional).
 */
export const ReasonDialog = (props: {
  open: boolean;
  title: string;
  label: string;
  confirmLabel: string;
  required: boolean;
  busy: boolean;
  children?: ReactNode;
  onConfirm: (text: string) => void;
  onCancel: () => void;
}) => {
  const { open, title, label, confirmLabel, required, busy } = props;
  const classes = useFormStyles();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (open) {
      setText('');
      setTouched(false);
    }
  }, [open]);
  const missing = required && !text.trim();
  const titleId = 'database-access-reason-dialog-title';
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : props.onCancel}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent className={classes.form}>
        {props.children ? (
          <DialogContentText component="div">
            {props.children}
          </DialogContentText>
        ) : null}
        <TextField
          id="database-access-reason"
          label={label}
          required={required}
          fullWidth
          multiline
          minRows={2}
          variant="outlined"
          value={text}
          onChange={e => setText(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && missing}
          helperText={touched && missing ? 'A reason is required.' : ' '}
        />
      </DialogContent>
      <DialogActions>
        <Button color="primary" onClick={props.onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || missing}
          onClick={() => props.onConfirm(text.trim())}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

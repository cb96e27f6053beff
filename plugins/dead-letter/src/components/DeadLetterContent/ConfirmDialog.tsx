import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode } from 'react';

/** A yes/no dialog; the confirm button is disabled while the action runs. */
export const ConfirmDialog = (props: {
  open: boolean;
  title: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) => {
  const { open, title, confirmLabel, busy, onConfirm, onCancel, children } =
    props;
  const titleId = `dead-letter-confirm-${confirmLabel.toLocaleLowerCase(
    'en-US',
  )}`;
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onCancel}
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText component="div">{children}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button color="secondary" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </Button>
        <Button color="primary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </DialogActions>
    </Dialog>
  );
};

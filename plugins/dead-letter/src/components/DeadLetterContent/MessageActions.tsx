import { useApi } from '@backstage/frontend-plugin-api';
import DeleteIcon from '@material-ui/icons/Delete';
import ReplayIcon from '@material-ui/icons/Replay';
import { useState } from 'react';
import { DeadLetter, deadLetterApiRef } from '../../api';
import { ActionOutcome, DeadLetterAction } from './bulkOutcome';
import { ConfirmDialog } from './ConfirmDialog';
import { GuardedButton } from './GuardedButton';
import { describeRedelivery } from './useDeadLetterActions';

/** What the user may do with the service's messages (useDeadLetterPermissions). */
export type MessagePermissions = {
  canDelete: boolean;
  canRedeliver: boolean;
  deleteDenied?: string;
  redeliverDenied?: string;
};

/**
 * Delete and redeliver of the one message in the detail view, each after a
 * confirmation, through the same endpoints (and permissions) as the list.
 */
export const MessageActions = (props: {
  message: DeadLetter;
  permissions: MessagePermissions;
  onDone: (outcome: ActionOutcome) => void;
}) => {
  const { message, permissions, onDone } = props;
  const api = useApi(deadLetterApiRef);
  const [confirm, setConfirm] = useState<DeadLetterAction | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async (action: DeadLetterAction) => {
    setBusy(true);
    let outcome: ActionOutcome;
    try {
      if (action === 'delete') {
        await api.deleteDeadLetters([message.id]);
        outcome = { severity: 'success', text: 'Deleted 1 message.' };
      } else {
        const response = await api.redeliverDeadLetters([message.id]);
        outcome = describeRedelivery(response, [message]);
      }
    } catch (e) {
      const name = action === 'delete' ? 'Delete' : 'Redeliver';
      outcome = { severity: 'error', text: `${name} failed: ${e}` };
    }
    setBusy(false);
    setConfirm(undefined);
    onDone(outcome);
  };

  return (
    <>
      <GuardedButton
        label="Redeliver message"
        icon={<ReplayIcon />}
        deniedReason={permissions.redeliverDenied}
        disabled={!permissions.canRedeliver || busy}
        onClick={() => setConfirm('redeliver')}
      />
      <GuardedButton
        label="Delete message"
        icon={<DeleteIcon />}
        deniedReason={permissions.deleteDenied}
        disabled={!permissions.canDelete || busy}
        onClick={() => setConfirm('delete')}
      />
      <ConfirmDialog
        open={confirm === 'delete'}
        title="Confirm deletion"
        confirmLabel="Delete"
        busy={busy}
        onConfirm={() => run('delete')}
        onCancel={() => setConfirm(undefined)}
      >
        This action is destructive and cannot be undone. You are about to delete
        1 message.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'redeliver'}
        title="Confirm redelivery"
        confirmLabel="Redeliver"
        busy={busy}
        onConfirm={() => run('redeliver')}
        onCancel={() => setConfirm(undefined)}
      >
        The message is published again to the queue it died on, and removed from
        the portal once the broker confirms it. You are about to redeliver 1
        message.
      </ConfirmDialog>
    </>
  );
};

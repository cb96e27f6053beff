import { plural } from '../shared/format';
import { ConfirmDialog } from './ConfirmDialog';
import { DeadLetterAction } from './bulkOutcome';

/**
 * The confirmations of the list's delete and redeliver; `count` is what the
 * action takes: the selected rows, or every matching message.
 */
export const ActionDialogs = (props: {
  open: DeadLetterAction | undefined;
  count: number;
  busy: boolean;
  onDelete: () => void;
  onRedeliver: () => void;
  onCancel: () => void;
}) => {
  const { open, count, busy, onDelete, onRedeliver, onCancel } = props;
  return (
    <>
      <ConfirmDialog
        open={open === 'delete'}
        title="Confirm deletion"
        confirmLabel="Delete"
        busy={busy}
        onConfirm={onDelete}
        onCancel={onCancel}
      >
        {`This action is destructive and cannot be undone. You are about to delete ${plural(
          count,
          'message',
        )}.`}
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'redeliver'}
        title="Confirm redelivery"
        confirmLabel="Redeliver"
        busy={busy}
        onConfirm={onRedeliver}
        onCancel={onCancel}
      >
        {`Each message is published again to the queue it died on, and removed from the portal once the broker confirms it. You are about to redeliver ${plural(
          count,
          'message',
        )}.`}
      </ConfirmDialog>
    </>
  );
};

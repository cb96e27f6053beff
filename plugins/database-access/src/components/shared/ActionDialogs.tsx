import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { CredentialsDialog } from './CredentialsDialog';
import { formatMinutes, shortRef } from './format';
import { ReasonDialog } from './ReasonDialog';
import { useRequestActions } from './useRequestActions';

const TEXTS = {
  approve: {
    title: 'Approve access',
    label: 'Comment (optional)',
    confirm: 'Approve',
    required: false,
  },
  reject: {
    title: 'Reject the request',
    label: 'Reason',
    confirm: 'Reject',
    required: true,
  },
  revoke: {
    title: 'Revoke access',
    label: 'Reason (optional)',
    confirm: 'Revoke',
    required: false,
  },
};

/** The dialogs and the error of the row actions of one view. */
export const ActionDialogs = (props: {
  actions: ReturnType<typeof useRequestActions>;
}) => {
  const { actions } = props;
  const { pending } = actions;
  const texts = TEXTS[pending?.action ?? 'approve'];
  const request = pending?.request;
  return (
    <>
      {actions.error ? (
        <Box mb={2}>
          <ResponseErrorPanel error={actions.error} />
        </Box>
      ) : null}
      <ReasonDialog
        open={Boolean(pending)}
        title={texts.title}
        label={texts.label}
        confirmLabel={texts.confirm}
        required={texts.required}
        busy={actions.busy}
        onConfirm={actions.confirm}
        onCancel={actions.cancel}
      >
        {request ? (
          <>
            {shortRef(request.requester)} asks for {request.level} access to{' '}
            {shortRef(request.database)} in {request.environment} for{' '}
            {formatMinutes(request.durationMinutes)}: “{request.reason}”
          </>
        ) : null}
      </ReasonDialog>
      <CredentialsDialog
        shown={actions.credentials}
        onClose={actions.closeCredentials}
      />
    </>
  );
};

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { AccessRequest } from '../../api';
import { RequestAction } from './useRequestActions';

/** A small button that says on hover why it is disabled. */
const ActionButton = (props: {
  label: string;
  allowed: boolean;
  deniedReason: string;
  busy: boolean;
  onClick: () => void;
}) => {
  const button = (
    <Button
      size="small"
      variant="outlined"
      color="primary"
      disabled={!props.allowed || props.busy}
      onClick={props.onClick}
    >
      {props.label}
    </Button>
  );
  return (
    <Box component="span" mr={1} mb={0.5} display="inline-block">
      {props.allowed ? (
        button
      ) : (
        <Tooltip title={props.deniedReason}>
          <span>{button}</span>
        </Tooltip>
      )}
    </Box>
  );
};

/**
 * The actions of one request for the signed-in user: approve / reject while
 * pending, revoke while active, withdraw one's own pending request, and the
 * one-time credentials of one's own active direct grant. Buttons the user may
 * not use stay visible but disabled, with the reason.
 */
export const RequestActionButtons = (props: {
  request: AccessRequest;
  me?: string;
  busy: boolean;
  onAction: (action: RequestAction, request: AccessRequest) => void;
  onShowCredentials: (request: AccessRequest) => void;
}) => {
  const { request: r, me, busy, onAction } = props;
  const mine = me !== undefined && r.requester === me;
  const notApprover =
    r.cannotApproveReason ??
    'Only a member of the squad that owns the database can decide.';

  if (r.status === 'pending') {
    return (
      <>
        <ActionButton
          label="Approve"
          allowed={r.canApprove}
          deniedReason={notApprover}
          busy={busy}
          onClick={() => onAction('approve', r)}
        />
        <ActionButton
          label="Reject"
          allowed={r.canReject}
          deniedReason={notApprover}
          busy={busy}
          onClick={() => onAction('reject', r)}
        />
        {mine && r.canRevoke ? (
          <ActionButton
            label="Withdraw"
            allowed
            deniedReason=""
            busy={busy}
            onClick={() => onAction('revoke', r)}
          />
        ) : null}
        {!r.canApprove ? (
          <Typography variant="caption" component="p" color="textSecondary">
            {notApprover}
          </Typography>
        ) : null}
      </>
    );
  }

  if (r.status !== 'active') {
    return null;
  }
  const issued = Boolean(r.grant?.credentialsIssued);
  return (
    <>
      <ActionButton
        label="Revoke"
        allowed={r.canRevoke}
        deniedReason="Only the requester or a member of the owning squad can revoke."
        busy={busy}
        onClick={() => onAction('revoke', r)}
      />
      {mine && r.grant?.mode === 'direct' ? (
        <ActionButton
          label={issued ? 'Credentials shown' : 'Show credentials'}
          allowed={!issued}
          deniedReason="The password was shown once and is not kept. Revoke and ask again if it is lost."
          busy={busy}
          onClick={() => props.onShowCredentials(r)}
        />
      ) : null}
    </>
  );
};

import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { ReactElement } from 'react';

/** A button that explains, on hover and in text, why it is disabled. */
export const GuardedButton = (props: {
  label: string;
  icon: ReactElement;
  deniedReason?: string;
  disabled: boolean;
  onClick: () => void;
}) => {
  const button = (
    <Button
      variant="outlined"
      color="secondary"
      startIcon={props.icon}
      disabled={props.disabled || Boolean(props.deniedReason)}
      onClick={props.onClick}
    >
      {props.label}
    </Button>
  );
  if (!props.deniedReason) {
    return button;
  }
  return (
    <Tooltip title={props.deniedReason}>
      <span>{button}</span>
    </Tooltip>
  );
};

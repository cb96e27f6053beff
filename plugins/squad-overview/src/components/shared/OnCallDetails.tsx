import { Link, Progress } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { OnCall } from '../../api';

/** The on-call of one squad: people, or why there is nothing to show. */
export const OnCallDetails = (props: {
  onCall: { value?: OnCall; loading: boolean; error?: Error };
  dense?: boolean;
}) => {
  const { value, loading, error } = props.onCall;
  if (loading) return <Progress />;
  if (error) {
    return (
      <Alert severity="error">
        Could not load who is on call from PagerDuty: {error.message}
      </Alert>
    );
  }
  if (!value) return null;
  if (!value.configured) {
    return (
      <Alert severity="info">
        <strong>On-call is not configured.</strong> {value.reason}{' '}
        {props.dense ? null : value.howToConfigure}
      </Alert>
    );
  }
  const stale = value.error ? (
    <Alert severity="warning">
      PagerDuty could not be reached ({value.error}); showing who was on call
      {value.asOf ? ` as of ${new Date(value.asOf).toLocaleString()}` : ''}.
    </Alert>
  ) : null;
  if (!value.users.length) {
    return (
      <>
        {stale}
        <Typography variant="body2">
          Nobody is on call now for{' '}
          {value.service.url ? (
            <Link to={value.service.url}>{value.service.name}</Link>
          ) : (
            value.service.name
          )}
          .
        </Typography>
      </>
    );
  }
  return (
    <>
      {stale}
      <List dense disablePadding aria-label="On call now">
        {value.users.map(user => (
          <ListItem key={user.id} disableGutters>
            <ListItemText
              primary={
                user.url ? <Link to={user.url}>{user.name}</Link> : user.name
              }
              secondary={[
                user.email,
                value.escalationPolicy && `via ${value.escalationPolicy.name}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
};

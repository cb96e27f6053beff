import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { deadLetterApiRef } from '../../api';
import { formatTimestamp, plural } from '../shared/format';

const ACTION_LABEL = { delete: 'Deleted', redeliver: 'Redelivered' };

/** The last deletes and redeliveries of one service, from the audit trail. */
export const RecentActions = (props: {
  service: string;
  reloadKey: number;
}) => {
  const { service, reloadKey } = props;
  const api = useApi(deadLetterApiRef);
  const { value, loading, error } = useAsync(
    () => api.listAudit({ service, limit: 10 }),
    [api, service, reloadKey],
  );
  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value?.items.length) {
    content = (
      <Typography color="textSecondary">
        No messages of {service} have been deleted or redelivered yet.
      </Typography>
    );
  } else {
    content = (
      <List dense disablePadding>
        {value.items.map(entry => (
          <ListItem key={entry.id} disableGutters>
            <ListItemText
              primary={`${ACTION_LABEL[entry.action] ?? entry.action} ${plural(
                entry.messageIds.length,
                'message',
              )} in ${entry.environment} (${entry.outcome})`}
              secondary={`${formatTimestamp(entry.createdAt)} by ${
                entry.actor
              }`}
            />
          </ListItem>
        ))}
      </List>
    );
  }
  return <InfoCard title="Recent actions">{content}</InfoCard>;
};

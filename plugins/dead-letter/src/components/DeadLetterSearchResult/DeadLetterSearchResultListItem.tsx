import { Link } from '@backstage/core-components';
import { SearchDocument } from '@backstage/plugin-search-common';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import Box from '@material-ui/core/Box';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';

/** What the dead-letter collator indexes for one stored message. */
export type DeadLetterSearchDocument = SearchDocument & {
  messageId?: string | null;
  correlationId?: string | null;
  service?: string;
  environment?: string;
  error?: string | null;
};

const Field = (props: { name: string; value?: string | null }) =>
  props.value ? (
    <Box component="span" display="block">
      {props.name}: {props.value}
    </Box>
  ) : null;

/**
 * A dead letter in the portal's search results: its message id (a link to
 * the message in its service's tab), service and environment, correlation
 * id and error.
 */
export const DeadLetterSearchResultListItem = (
  props: BaseSearchResultListItemProps,
) => {
  const result = props.result as DeadLetterSearchDocument | undefined;
  if (!result) {
    return null;
  }
  const where = [result.service, result.environment]
    .filter(Boolean)
    .join(' in ');
  return (
    <>
      {props.icon && <ListItemIcon>{props.icon}</ListItemIcon>}
      <ListItemText
        primaryTypographyProps={{ variant: 'h6' }}
        primary={
          <Link noTrack to={result.location}>
            {result.title}
          </Link>
        }
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <Typography component="div" variant="body2" color="textSecondary">
            <Field name="Dead letter of" value={where} />
            <Field name="Correlation ID" value={result.correlationId} />
            <Field name="Error" value={result.error} />
          </Typography>
        }
      />
    </>
  );
};

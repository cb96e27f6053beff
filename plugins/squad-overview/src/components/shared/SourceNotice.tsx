import Alert from '@material-ui/lab/Alert';
import { SourceState } from '../../api';
import { exactTime, relativeTime } from './format';

/**
 * What the user must know about a source before reading its numbers: not
 * configured (and how to), or down with the last data shown "as of".
 */
export const SourceNotice = (props: { name: string; source: SourceState }) => {
  const { name, source } = props;
  if (!source.configured) {
    return (
      <Alert severity="info" role="status">
        <strong>{name} is not configured.</strong> {source.howToConfigure ?? ''}
      </Alert>
    );
  }
  if (source.error) {
    return (
      <Alert severity="warning" role="status">
        <strong>{name}:</strong> {source.error}.{' '}
        {source.asOf ? (
          <span title={exactTime(source.asOf)}>
            Showing data as of {relativeTime(source.asOf)} (
            {exactTime(source.asOf)}).
          </span>
        ) : (
          'No earlier data to show.'
        )}
      </Alert>
    );
  }
  return null;
};

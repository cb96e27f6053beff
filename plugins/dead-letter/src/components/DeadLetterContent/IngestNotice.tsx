import { Environment } from '../../api';
import Alert from '@material-ui/lab/Alert';

const HOW_TO_CONFIGURE =
  'Configure deadLetter.environments (one RabbitMQ connection per environment, see the dead-letter backend README). On a development machine with RabbitMQ on 127.0.0.1:5672, bash scripts/start.sh consumes it as environment "local", and yarn dead-letters:demo makes a few dead letters.';

function waiting(environment: Environment): string {
  const counts = (environment.ingest?.queues ?? []).filter(
    q => typeof q.messagesWaiting === 'number',
  );
  if (counts.length === 0) {
    return '';
  }
  return ` ${counts
    .map(q => `${q.messagesWaiting} waiting in ${q.name}`)
    .join(', ')}.`;
}

/**
 * Says when no dead letters arrive because ingest is off, not consuming, or
 * cannot store what it receives, so that an empty table is never mistaken
 * for "nothing died".
 */
export const IngestNotice = (props: {
  environments: Environment[];
  selected: string;
}) => {
  const { environments, selected } = props;
  if (environments.length === 0) {
    return (
      <Alert severity="info">
        Dead-letter ingest is off: no broker environment is configured, so only
        stored messages are shown. {HOW_TO_CONFIGURE}
      </Alert>
    );
  }
  const environment = environments.find(e => e.name === selected);
  const ingest = environment?.ingest;
  if (!environment || !ingest) {
    return null;
  }
  if (ingest.state === 'consuming') {
    const storeError = ingest.storeError;
    if (!storeError) {
      return null;
    }
    return (
      <Alert severity="warning">
        Ingest of {environment.name} cannot store dead letters since{' '}
        {new Date(storeError.at).toLocaleString()}:{' '}
        {storeError.message.replace(/\.$/, '')}. They stay on the broker and are
        stored once the database answers again.
        {waiting(environment)}
      </Alert>
    );
  }
  const since = new Date(ingest.since).toLocaleString();
  const reason = ingest.lastError ? `: ${ingest.lastError.message}` : '';
  return (
    <Alert severity="warning">
      Ingest of {environment.name} is {ingest.state} (since {since}){reason}.
      New dead letters are not stored until it consumes again.
      {waiting(environment)}
    </Alert>
  );
};

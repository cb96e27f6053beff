import {
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { DeadLetter, deadLetterApiRef } from '../../api';
import { formatTimestamp } from '../shared/format';
import { BodyActions } from './BodyActions';
import { ActionOutcome } from './bulkOutcome';
import { MessageActions, MessagePermissions } from './MessageActions';

const useStyles = makeStyles(theme => ({
  pre: {
    margin: 0,
    padding: theme.spacing(1.5),
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    maxHeight: 400,
    overflow: 'auto',
  },
}));

type RenderedBody = { kind: 'json' | 'text' | 'binary'; text: string };

/** JSON is pretty-printed; text that is not JSON is shown as is. */
export function renderBody(message: DeadLetter): RenderedBody {
  if (message.bodyText === null) {
    return { kind: 'binary', text: message.bodyBase64 };
  }
  try {
    const parsed = JSON.parse(message.bodyText);
    if (parsed !== null && typeof parsed === 'object') {
      return { kind: 'json', text: JSON.stringify(parsed, null, 2) };
    }
  } catch {
    // not JSON: shown raw below
  }
  return { kind: 'text', text: message.bodyText };
}

function storedBytes(base64: string): number {
  const padding = (base64.match(/=+$/)?.[0].length ?? 0) % 3;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

const Section = (props: { title: string; children: React.ReactNode }) => (
  <Box mt={2}>
    <Typography variant="h6" component="h3" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

const MessageDetail = ({ message }: { message: DeadLetter }) => {
  const classes = useStyles();
  const body = renderBody(message);
  const { 'x-death': xDeath, ...otherHeaders } = message.headers ?? {};
  const bodyLabel = {
    json: 'JSON, pretty-printed',
    text: 'raw text',
    binary: 'binary (not UTF-8), base64',
  }[body.kind];
  return (
    <>
      <StructuredMetadataTable
        metadata={{
          Died: formatTimestamp(message.diedAt),
          Received: formatTimestamp(message.receivedAt),
          Environment: message.environment,
          Service: message.service,
          Queue: message.queue,
          Exchange: message.exchange || '(default)',
          'Routing key': message.routingKey,
          'Message ID': message.messageId ?? '',
          'Correlation ID': message.correlationId ?? '',
          Error: message.error ?? '',
          'Dead-letter queue': message.deadLetterQueue,
          'Redelivered before': String(message.redeliveredCount),
        }}
      />
      <Section title="x-death">
        {xDeath === undefined ? (
          <Typography color="textSecondary">No x-death header.</Typography>
        ) : (
          <pre className={classes.pre} data-testid="dead-letter-x-death">
            {JSON.stringify(xDeath, null, 2)}
          </pre>
        )}
      </Section>
      <Section title="Headers">
        <pre className={classes.pre} data-testid="dead-letter-headers">
          {JSON.stringify(otherHeaders, null, 2)}
        </pre>
      </Section>
      <Section title="Properties">
        <pre className={classes.pre} data-testid="dead-letter-properties">
          {JSON.stringify(message.properties ?? {}, null, 2)}
        </pre>
      </Section>
      <Section title={`Body (${bodyLabel})`}>
        {message.bodyTruncated && (
          <Box mb={1}>
            <Alert severity="warning">
              Truncated: the portal kept the first{' '}
              {storedBytes(message.bodyBase64)} of {message.bodySize} bytes.
            </Alert>
          </Box>
        )}
        <BodyActions
          message={message}
          text={body.text}
          isJson={body.kind === 'json'}
        />
        {body.text === '' ? (
          <Typography color="textSecondary">Empty body.</Typography>
        ) : (
          <pre className={classes.pre} data-testid="dead-letter-body">
            {body.text}
          </pre>
        )}
      </Section>
    </>
  );
};

/**
 * One stored message: headers (x-death first), properties and body, with
 * delete and redeliver of this message; `onDone` gets what they did.
 */
export const MessageDetailDialog = (props: {
  id: string | undefined;
  onClose: () => void;
  permissions: MessagePermissions;
  onDone: (outcome: ActionOutcome) => void;
}) => {
  const { id, onClose, permissions, onDone } = props;
  const api = useApi(deadLetterApiRef);
  // The last message stays while the dialog fades out after closing.
  const [shownId, setShownId] = useState(id);
  if (id && id !== shownId) {
    setShownId(id);
  }
  const { value, loading, error } = useAsync(
    async () => (shownId ? api.getDeadLetter(shownId) : undefined),
    [api, shownId],
  );
  return (
    <Dialog
      open={Boolean(id)}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="dead-letter-detail-title"
    >
      <DialogTitle id="dead-letter-detail-title">
        Message {value?.messageId ?? (shownId ? `#${shownId}` : '')}
      </DialogTitle>
      <DialogContent dividers>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {!loading && !error && value && <MessageDetail message={value} />}
      </DialogContent>
      <DialogActions>
        {!loading && !error && value && (
          <MessageActions
            message={value}
            permissions={permissions}
            onDone={onDone}
          />
        )}
        <Box flexGrow={1} />
        <Button color="primary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
};

import {
  InfoCard,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  deadLetterServiceLabel,
  isUnassignedService,
  UNASSIGNED,
} from '@internal/backstage-plugin-dead-letter-common';
import { deadLetterApiRef, DeadLetterSummary } from '../../api';
import { formatTimestamp } from '../shared/format';
import { useServiceTabLink } from '../shared/links';

/**
 * Finds a message by its message id or correlation id across every service
 * and environment (those the user may read), and links to it in its
 * service's tab.
 */
export const MessageLookup = () => {
  const api = useApi(deadLetterApiRef);
  const tabLink = useServiceTabLink();
  const [input, setInput] = useState('');
  const [result, lookup] = useAsyncFn(
    async (id: string) => ({ id, ...(await api.lookupDeadLetters(id)) }),
    [api],
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const id = input.trim();
    if (id) {
      lookup(id);
    }
  };
  const columns: TableColumn<DeadLetterSummary>[] = [
    {
      title: 'Service',
      field: 'service',
      render: row =>
        isUnassignedService(row.service) ? (
          // No tab: the page's Unassigned list, on this message.
          <Link
            to={`?${new URLSearchParams({
              squad: UNASSIGNED,
              environment: row.environment,
              id: row.id,
            })}`}
          >
            {deadLetterServiceLabel(row.service)}
          </Link>
        ) : (
          <Link
            to={`${tabLink(row.service)}?${new URLSearchParams({
              environment: row.environment,
              q: result.value?.id ?? '',
            })}`}
          >
            {row.service}
          </Link>
        ),
    },
    { title: 'Environment', field: 'environment' },
    {
      title: 'Died',
      field: 'diedAt',
      render: row => formatTimestamp(row.diedAt),
    },
    { title: 'Message ID', field: 'messageId' },
    { title: 'Correlation ID', field: 'correlationId' },
    { title: 'Error', field: 'error' },
  ];
  return (
    <InfoCard title="Find a message">
      <form
        onSubmit={onSubmit}
        style={{ display: 'flex', gap: 16, alignItems: 'center' }}
      >
        <TextField
          id="dead-letter-lookup"
          label="Message ID or correlation ID"
          variant="outlined"
          size="small"
          value={input}
          onChange={e => setInput(e.target.value)}
          inputProps={{ maxLength: 255 }}
          style={{ minWidth: 360 }}
        />
        <Button
          type="submit"
          variant="outlined"
          color="primary"
          disabled={!input.trim() || result.loading}
        >
          Find
        </Button>
      </form>
      {result.error && <ResponseErrorPanel error={result.error} />}
      {result.value && result.value.items.length === 0 && (
        <Typography style={{ marginTop: 16 }}>
          No dead letter with message ID or correlation ID "{result.value.id}"
          in any service you may read.
        </Typography>
      )}
      {result.value && result.value.items.length > 0 && (
        <Table<DeadLetterSummary>
          title={`Dead letters with ID ${result.value.id}`}
          columns={columns}
          data={result.value.items}
          options={{ paging: false, search: false, padding: 'dense' }}
        />
      )}
    </InfoCard>
  );
};

import { Link, TableColumn } from '@backstage/core-components';
import { buildLogLink } from '@internal/backstage-plugin-dead-letter-common';
import { DeadLetterSummary } from '../../api';
import { formatTimestamp } from '../shared/format';

/** The dead-letter table's columns; Logs links only with a log link template. */
export function deadLetterColumns(
  logLinkTemplate: string | null | undefined,
): TableColumn<DeadLetterSummary>[] {
  return [
    {
      title: 'Timestamp',
      field: 'receivedAt',
      render: row => formatTimestamp(row.receivedAt),
      cellStyle: { whiteSpace: 'nowrap' },
    },
    { title: 'Queue', field: 'queue' },
    { title: 'Routing key', field: 'routingKey' },
    { title: 'Message ID', field: 'messageId' },
    { title: 'Correlation ID', field: 'correlationId' },
    { title: 'Error', field: 'error' },
    {
      title: 'Logs',
      field: 'id',
      sorting: false,
      render: row => {
        const href = logLinkTemplate
          ? buildLogLink(logLinkTemplate, row)
          : undefined;
        return href ? (
          <Link
            to={href}
            onClick={e => e.stopPropagation()}
            aria-label={`Logs of message ${row.messageId ?? row.id}`}
          >
            Logs
          </Link>
        ) : null;
      },
    },
  ];
}

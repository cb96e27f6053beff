import { Link, TableColumn } from '@backstage/core-components';
import { buildLogLink } from '@internal/backstage-plugin-dead-letter-common';
import { DeadLetterSummary } from '../../api';
import { formatTimestamp } from '../shared/format';

/** Long names on one line: ellipsis, the full text on hover, monospace. */
const OneLine = ({ text }: { text: string }) => (
  <span
    title={text}
    style={{
      display: 'block',
      maxWidth: '22em',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      fontFamily: 'monospace',
    }}
  >
    {text}
  </span>
);

/** The dead-letter table's columns; Logs links only with a log link template. */
export function deadLetterColumns(
  logLinkTemplate: string | null | undefined,
): TableColumn<DeadLetterSummary>[] {
  return [
    {
      // When the message died, which can be long before it was received.
      title: 'Timestamp',
      field: 'diedAt',
      render: row => formatTimestamp(row.diedAt),
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Queue',
      field: 'queue',
      render: row => <OneLine text={row.queue} />,
    },
    {
      title: 'Routing key',
      field: 'routingKey',
      render: row => <OneLine text={row.routingKey} />,
    },
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

import { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import { TextDecoder } from 'node:util';
import { Caller, StoredDeadLetterSummary } from '../types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function actorOf(credentials: Caller): string {
  return credentials.principal.type === 'user'
    ? credentials.principal.userEntityRef
    : credentials.principal.subject;
}

export function toSummaryDto(m: StoredDeadLetterSummary): DeadLetterSummary {
  return {
    id: m.id,
    environment: m.environment,
    service: m.service,
    queue: m.queue,
    exchange: m.exchange,
    routingKey: m.routingKey,
    messageId: m.messageId,
    correlationId: m.correlationId,
    error: m.error,
    receivedAt: m.receivedAt.toISOString(),
    diedAt: m.diedAt.toISOString(),
    bodySize: m.bodySize,
    bodyTruncated: m.bodyTruncated,
    redeliveredCount: m.redeliveredCount,
  };
}

export function bodyText(body: Buffer): string | null {
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

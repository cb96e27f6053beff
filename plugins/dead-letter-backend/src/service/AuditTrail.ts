import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuditAction,
  AuditOutcome,
  AuditRecord,
  Caller,
  DeadLetterStore,
  StoredDeadLetterSummary,
} from '../types';
import { actorOf } from './dto';

/** succeeded, partial or failed, by how many of the ids succeeded. */
export function outcomeOf(
  ids: string[],
  succeeded: (id: string) => boolean,
): AuditOutcome {
  const count = ids.filter(succeeded).length;
  if (count === ids.length) {
    return 'succeeded';
  }
  return count > 0 ? 'partial' : 'failed';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/** The store's audit table of deletes and redeliveries. */
export class AuditTrail {
  constructor(
    private readonly options: {
      store: Pick<DeadLetterStore, 'addAudit'>;
      logger: LoggerService;
    },
  ) {}

  /** One audit row per environment and service, so each service's trail is complete. */
  async record(
    action: AuditAction,
    credentials: Caller,
    messages: StoredDeadLetterSummary[],
    outcome: AuditOutcome | ((ids: string[]) => AuditOutcome),
    details: (ids: string[]) => AuditRecord['details'],
  ) {
    const actor = actorOf(credentials);
    const now = new Date();
    const records: AuditRecord[] = [];
    for (const [, group] of groupBy(
      messages,
      m => `${m.environment}\u0000${m.service}`,
    )) {
      const ids = group.map(m => m.id);
      records.push({
        action,
        actor,
        environment: group[0].environment,
        service: group[0].service,
        messageIds: ids,
        outcome: typeof outcome === 'function' ? outcome(ids) : outcome,
        details: details(ids),
        createdAt: now,
      });
    }
    try {
      await this.options.store.addAudit(records);
    } catch (error) {
      // The action has happened; losing the row must not hide that.
      this.options.logger.error(`Could not write dead-letter audit: ${error}`);
    }
  }
}

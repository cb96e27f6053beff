import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { AuditRecord, StoredRequest } from '../types';

const FAILURES = /failed|refused/;

/**
 * Writes each event to the plugin's audit table (what the History page
 * shows) and to Backstage's auditor (the platform's audit log).
 */
export class AuditTrail {
  constructor(
    private readonly options: {
      store: Pick<DatabaseAccessStore, 'addAudit'>;
      auditor: AuditorService;
      logger: LoggerService;
    },
  ) {}

  async record(record: AuditRecord): Promise<void> {
    const meta = {
      actor: record.actor,
      requestId: record.requestId ?? null,
      database: record.databaseRef ?? null,
      environment: record.environment ?? null,
      level: record.level ?? null,
      reason: record.reason ?? null,
      detail: record.detail ?? null,
    };
    try {
      await this.options.store.addAudit(record);
    } catch (error) {
      // What happened has happened; losing the row must not hide it.
      this.options.logger.error(
        `Could not write database-access audit ${record.action}: ${error}`,
      );
    }
    try {
      const event = await this.options.auditor.createEvent({
        eventId: record.action,
        severityLevel: FAILURES.test(record.action) ? 'medium' : 'low',
        meta,
      });
      if (FAILURES.test(record.action)) {
        await event.fail({ error: new Error(record.detail ?? record.action) });
      } else {
        await event.success();
      }
    } catch (error) {
      this.options.logger.error(`Could not write to the auditor: ${error}`);
    }
  }

  /** Records a refused or failed action, then throws its error. */
  async refuse(
    actor: string,
    action: string,
    error: Error,
    request?: Partial<StoredRequest>,
    reason?: string,
  ): Promise<never> {
    await this.record({
      actor,
      action,
      requestId: request?.id ?? null,
      databaseRef: request?.databaseRef ?? null,
      environment: request?.environment ?? null,
      level: request?.level ?? null,
      reason: reason ?? null,
      detail: error.message,
    });
    throw error;
  }
}

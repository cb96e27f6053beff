import { Knex } from 'knex';
import { BulkJobRecord, BulkJobStore } from '../types';
import { BULK_JOBS, parseJson, toDate } from './rows';

function toRecord(row: any): BulkJobRecord {
  return {
    id: String(row.id),
    action: row.action,
    environment: row.environment,
    service: row.service,
    actor: row.actor,
    filter: parseJson(row.filter),
    upToId: String(row.up_to_id),
    state: row.state,
    total: Number(row.total),
    processed: Number(row.processed),
    succeeded: Number(row.succeeded),
    failed: Number(row.failed),
    failures: JSON.parse(row.failures ?? '[]'),
    error: row.error ?? undefined,
    startedAt: toDate(row.started_at),
    heartbeatAt: toDate(row.heartbeat_at),
    finishedAt: row.finished_at ? toDate(row.finished_at) : undefined,
  };
}

/** Bulk actions' progress, in the database so every replica can report it. */
export class DatabaseBulkJobStore implements BulkJobStore {
  constructor(private readonly db: Knex) {}

  async create(
    job: Omit<
      BulkJobRecord,
      'id' | 'processed' | 'succeeded' | 'failed' | 'failures' | 'heartbeatAt'
    >,
  ): Promise<BulkJobRecord> {
    const [row] = await this.db(BULK_JOBS)
      .insert({
        action: job.action,
        environment: job.environment,
        service: job.service,
        actor: job.actor.slice(0, 255),
        filter: JSON.stringify(job.filter),
        up_to_id: job.upToId,
        state: job.state,
        total: job.total,
        error: job.error ?? null,
        started_at: job.startedAt,
        heartbeat_at: job.startedAt,
        finished_at: job.finishedAt ?? null,
      })
      .returning('id');
    return (await this.get(String(row.id ?? row)))!;
  }

  async update(
    id: string,
    patch: Partial<
      Pick<
        BulkJobRecord,
        | 'state'
        | 'processed'
        | 'succeeded'
        | 'failed'
        | 'failures'
        | 'error'
        | 'finishedAt'
      >
    >,
  ): Promise<void> {
    const row: Record<string, unknown> = { heartbeat_at: new Date() };
    if (patch.state !== undefined) row.state = patch.state;
    if (patch.processed !== undefined) row.processed = patch.processed;
    if (patch.succeeded !== undefined) row.succeeded = patch.succeeded;
    if (patch.failed !== undefined) row.failed = patch.failed;
    if (patch.failures !== undefined) {
      row.failures = JSON.stringify(patch.failures);
    }
    if (patch.error !== undefined) row.error = patch.error;
    if (patch.finishedAt !== undefined) row.finished_at = patch.finishedAt;
    await this.db(BULK_JOBS).where('id', id).update(row);
  }

  async get(id: string): Promise<BulkJobRecord | undefined> {
    if (!/^[0-9]{1,19}$/.test(id)) {
      return undefined;
    }
    const row = await this.db(BULK_JOBS).where('id', id).first();
    return row ? toRecord(row) : undefined;
  }
}

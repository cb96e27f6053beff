import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  BulkJob,
  BulkRequest,
  deadLetterDeletePermission,
  deadLetterReadPermission,
  deadLetterRedeliverPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import {
  AuditAction,
  BulkJobRecord,
  BulkJobStore,
  Caller,
  DeadLetterFilter,
  DeadLetterStore,
  StoredDeadLetterSummary,
} from '../types';
import { actorOf } from './dto';
import { ServiceAccess } from './ServiceAccess';

/** Messages per round: one permission-free delete or redeliver call each. */
const BATCH = 500;
/** A running job whose progress is older than this was interrupted. */
const STALE_MS = 60_000;
const MAX_FAILURES = 20;

/** What one round did, per id. */
export type BatchOutcome = Array<{ id: string; ok: boolean; error?: string }>;

/** Runs an already authorised delete or redelivery of some messages. */
export type BatchRunner = (
  messages: StoredDeadLetterSummary[],
  credentials: Caller,
) => Promise<BatchOutcome>;

function toDto(job: BulkJobRecord, now = Date.now()): BulkJob {
  const interrupted =
    job.state === 'running' && now - job.heartbeatAt.getTime() > STALE_MS;
  return {
    id: job.id,
    action: job.action,
    environment: job.environment,
    service: job.service,
    actor: job.actor,
    state: interrupted ? 'failed' : job.state,
    total: job.total,
    processed: job.processed,
    succeeded: job.succeeded,
    failed: job.failed,
    failures: job.failures,
    error: interrupted
      ? `Interrupted after ${job.processed} of ${job.total} messages (the portal stopped); start it again for the rest`
      : job.error,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString(),
  };
}

/**
 * Deletes or redelivers every message of one service matching a filter, in
 * rounds of ids after the last one done (so a message that failed is not
 * taken again), up to the newest id the user saw. The permission is checked
 * once for the service; each round is audited like a delete or redelivery
 * by ids.
 */
export class BulkActions {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      store: Pick<DeadLetterStore, 'count' | 'matchingIds' | 'getSummaries'>;
      jobs: BulkJobStore;
      access: ServiceAccess;
      logger: LoggerService;
      runners: Record<AuditAction, BatchRunner>;
    },
  ) {}

  async start(request: BulkRequest, credentials: Caller): Promise<BulkJob> {
    const { filter: given, action, upToId, expectedCount } = request;
    const permission =
      action === 'delete'
        ? deadLetterDeletePermission
        : deadLetterRedeliverPermission;
    const allowed = await this.options.access.allowed(
      permission,
      [given.service],
      credentials,
    );
    if (!allowed.has(given.service)) {
      throw new NotAllowedError(
        `You may not ${action} dead letters of ${given.service}; nothing was changed`,
      );
    }
    const filter: DeadLetterFilter = {
      environment: given.environment,
      service: given.service,
      queue: given.queue || undefined,
      q: given.q || undefined,
      error: given.errorIsNull ? null : given.error || undefined,
      from: given.from ? new Date(given.from) : undefined,
      to: given.to ? new Date(given.to) : undefined,
      upToId,
    };
    const total = await this.options.store.count(filter);
    if (expectedCount !== undefined && total > expectedCount) {
      throw new ConflictError(
        `${total} messages match now, more than the ${expectedCount} you confirmed; nothing was changed. Reload and confirm again.`,
      );
    }
    const now = new Date();
    const job = await this.options.jobs.create({
      action,
      environment: given.environment,
      service: given.service,
      actor: actorOf(credentials),
      filter: { ...given },
      upToId,
      state: total === 0 ? 'done' : 'running',
      total,
      startedAt: now,
      finishedAt: total === 0 ? now : undefined,
    });
    if (total > 0) {
      const run = this.run(job, filter, credentials).finally(() =>
        this.running.delete(run),
      );
      this.running.add(run);
    }
    return toDto(job);
  }

  async get(id: string, credentials: Caller): Promise<BulkJob> {
    const job = await this.options.jobs.get(id);
    if (!job) {
      throw new NotFoundError(`No bulk action with id ${id}`);
    }
    const allowed = await this.options.access.allowed(
      deadLetterReadPermission,
      [job.service],
      credentials,
    );
    if (!allowed.has(job.service)) {
      throw new NotAllowedError(
        `You may not read the dead letters of ${job.service}`,
      );
    }
    return toDto(job);
  }

  /** Waits for the jobs this process runs (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async run(
    job: BulkJobRecord,
    filter: DeadLetterFilter,
    credentials: Caller,
  ): Promise<void> {
    const { store, jobs, runners, logger } = this.options;
    const progress = { processed: 0, succeeded: 0, failed: 0 };
    const failures: BulkJobRecord['failures'] = [];
    let afterId: string | undefined;
    try {
      for (;;) {
        const ids = await store.matchingIds({ ...filter, afterId }, BATCH);
        if (ids.length === 0) {
          break;
        }
        afterId = ids[ids.length - 1];
        const messages = await store.getSummaries(ids);
        const outcome = await runners[job.action](messages, credentials);
        progress.processed += ids.length;
        const done = new Set<string>();
        for (const r of outcome) {
          done.add(r.id);
          if (r.ok) {
            progress.succeeded += 1;
          } else {
            progress.failed += 1;
            if (failures.length < MAX_FAILURES) {
              failures.push({ id: r.id, error: r.error ?? 'failed' });
            }
          }
        }
        // Gone between listing and acting (deleted or redelivered by another request).
        for (const id of ids.filter(i => !done.has(i))) {
          progress.failed += 1;
          if (failures.length < MAX_FAILURES) {
            failures.push({
              id,
              error: 'no longer stored (deleted or redelivered meanwhile)',
            });
          }
        }
        await jobs.update(job.id, { ...progress, failures });
      }
      await jobs.update(job.id, {
        ...progress,
        failures,
        state: 'done',
        finishedAt: new Date(),
      });
    } catch (error) {
      logger.error(`Bulk ${job.action} ${job.id} stopped: ${error}`);
      await jobs
        .update(job.id, {
          ...progress,
          failures,
          state: 'failed',
          error: `Stopped after ${progress.processed} of ${job.total} messages: ${error}`,
          finishedAt: new Date(),
        })
        .catch(e => logger.error(`Could not record bulk job ${job.id}: ${e}`));
    }
  }
}

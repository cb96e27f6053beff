import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { AccessHistoryEntry, AuditEntry } from '../schema/openapi';
import {
  AuditFilter,
  AuditRecord,
  GrantState,
  HistoryFilter,
  RequestFilter,
  StoredApproval,
  StoredGrant,
  StoredRequest,
  StoredStatus,
} from '../types';
import {
  APPROVALS,
  AUDIT,
  GRANTS,
  REQUESTS,
  approvalFromRow,
  auditFromRow,
  grantFromRow,
  grantToRow,
  requestFromRow,
  requestToRow,
  toDate,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-database-access-backend',
  'migrations',
);

export async function applyMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

export async function revertMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ directory: migrationsDir }, true);
}

/** Knex store of requests, approvals, grants and audit (PostgreSQL and SQLite). */
export class DatabaseAccessStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAccessStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applyMigrations(knex);
    }
    return new DatabaseAccessStore(knex);
  }

  constructor(readonly db: Knex) {}

  async insertRequest(request: StoredRequest): Promise<void> {
    await this.db(REQUESTS).insert(requestToRow(request));
  }

  async getRequest(id: string): Promise<StoredRequest | undefined> {
    const row = await this.db(REQUESTS).where('id', id).first();
    return row ? requestFromRow(row) : undefined;
  }

  async listRequests(filter: RequestFilter): Promise<StoredRequest[]> {
    const query = this.db(REQUESTS)
      .orderBy('created_at', 'desc')
      .limit(filter.limit);
    if (filter.requester) {
      query.where('requester', filter.requester);
    }
    if (filter.ownerRefs) {
      query.whereIn('owner_ref', filter.ownerRefs);
    }
    if (filter.statuses) {
      query.whereIn('status', filter.statuses);
    }
    if (filter.database) {
      query.where('database_ref', filter.database);
    }
    if (filter.environment) {
      query.where('environment', filter.environment);
    }
    return (await query).map(requestFromRow);
  }

  /**
   * Moves a request from one of `from` to `to`; false when another caller
   * moved it first. This conditional UPDATE is what makes concurrent
   * approvals grant once.
   */
  async transition(
    id: string,
    from: StoredStatus[],
    to: StoredStatus,
    fields: Partial<
      Pick<StoredRequest, 'decidedBy' | 'decisionReason' | 'error'>
    > = {},
  ): Promise<boolean> {
    const update: Record<string, unknown> = {
      status: to,
      updated_at: new Date(),
    };
    if (fields.decidedBy !== undefined) update.decided_by = fields.decidedBy;
    if (fields.decisionReason !== undefined)
      update.decision_reason = fields.decisionReason;
    if (fields.error !== undefined) update.error = fields.error;
    const count = await this.db(REQUESTS)
      .where('id', id)
      .whereIn('status', from)
      .update(update);
    return count === 1;
  }

  /** Pending requests not approved in time. */
  async overdueRequests(now: Date, limit = 500): Promise<StoredRequest[]> {
    const rows = await this.db(REQUESTS)
      .where('status', 'pending')
      .where('approve_by', '<=', now)
      .limit(limit);
    return rows.map(requestFromRow);
  }

  /** False when this approver already approved the request. */
  async addApproval(approval: StoredApproval): Promise<boolean> {
    try {
      await this.db(APPROVALS).insert({
        request_id: approval.requestId,
        approver: approval.approver,
        comment: approval.comment,
        at: approval.at,
      });
      return true;
    } catch (error) {
      if (/unique|duplicate/i.test(String(error))) {
        return false;
      }
      throw error;
    }
  }

  async removeApproval(requestId: string, approver: string): Promise<void> {
    await this.db(APPROVALS)
      .where({ request_id: requestId, approver })
      .delete();
  }

  async approvals(
    requestIds: string[],
  ): Promise<Map<string, StoredApproval[]>> {
    const out = new Map<string, StoredApproval[]>();
    for (let i = 0; i < requestIds.length; i += 500) {
      const rows = await this.db(APPROVALS)
        .whereIn('request_id', requestIds.slice(i, i + 500))
        .orderBy('id');
      for (const row of rows) {
        const approval = approvalFromRow(row);
        out.set(approval.requestId, [
          ...(out.get(approval.requestId) ?? []),
          approval,
        ]);
      }
    }
    return out;
  }

  async insertGrant(grant: StoredGrant, claim: string): Promise<void> {
    await this.db(GRANTS).insert({
      ...grantToRow(grant),
      claim,
      claimed_at: new Date(),
    });
  }

  async deleteGrant(requestId: string): Promise<void> {
    await this.db(GRANTS).where('request_id', requestId).delete();
  }

  async getGrant(requestId: string): Promise<StoredGrant | undefined> {
    const row = await this.db(GRANTS).where('request_id', requestId).first();
    return row ? grantFromRow(row) : undefined;
  }

  async grants(requestIds: string[]): Promise<Map<string, StoredGrant>> {
    const out = new Map<string, StoredGrant>();
    for (let i = 0; i < requestIds.length; i += 500) {
      const rows = await this.db(GRANTS).whereIn(
        'request_id',
        requestIds.slice(i, i + 500),
      );
      for (const row of rows) {
        out.set(row.request_id, grantFromRow(row));
      }
    }
    return out;
  }

  async updateGrant(
    requestId: string,
    fromStates: GrantState[],
    fields: Partial<StoredGrant>,
    claim?: string | null,
    /** Only while this token still holds the row (not taken over since). */
    heldBy?: string,
  ): Promise<boolean> {
    const update: Record<string, unknown> = {};
    const row = grantToRow({ ...({} as StoredGrant), ...fields });
    for (const [key, value] of Object.entries(row)) {
      if (value !== undefined) update[key] = value;
    }
    if (claim !== undefined) {
      update.claim = claim;
      update.claimed_at = claim ? new Date() : null;
    }
    let query = this.db(GRANTS)
      .where('request_id', requestId)
      .whereIn('state', fromStates);
    if (heldBy !== undefined) {
      query = query.where('claim', heldBy);
    }
    const count = await query.update(update);
    return count === 1;
  }

  /**
   * Claims grants that are due for revoke (active past their end, or
   * revoking under a claim older than `staleBefore`, from a replica that
   * died): only the caller's token wins each row.
   */
  async claimDue(
    now: Date,
    token: string,
    staleBefore: Date,
    limit: number,
  ): Promise<StoredGrant[]> {
    const candidates = await this.db(GRANTS)
      .where(q =>
        q
          .where(a =>
            a.where('state', 'active').where('valid_until', '<=', now),
          )
          .orWhere(r =>
            r
              .where('state', 'revoking')
              .where(c =>
                c
                  .whereNull('claimed_at')
                  .orWhere('claimed_at', '<', staleBefore),
              ),
          ),
      )
      .orderBy('valid_until')
      .limit(limit)
      .select('request_id');
    return this.claim(
      candidates.map(c => c.request_id),
      token,
      staleBefore,
      ['active', 'revoking'],
    );
  }

  /** Claims one grant for an early revoke; false when another caller has it. */
  async claimOne(
    requestId: string,
    token: string,
    staleBefore: Date,
  ): Promise<StoredGrant | undefined> {
    const [grant] = await this.claim([requestId], token, staleBefore, [
      'active',
      'revoking',
    ]);
    return grant;
  }

  private async claim(
    ids: string[],
    token: string,
    staleBefore: Date,
    states: GrantState[],
  ): Promise<StoredGrant[]> {
    const out: StoredGrant[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      await this.db(GRANTS)
        .whereIn('request_id', batch)
        .whereIn('state', states)
        .where(q =>
          q
            .where('state', 'active')
            .orWhereNull('claimed_at')
            .orWhere('claimed_at', '<', staleBefore),
        )
        .update({ state: 'revoking', claim: token, claimed_at: new Date() });
      const rows = await this.db(GRANTS)
        .whereIn('request_id', batch)
        .where({ claim: token, state: 'revoking' });
      out.push(...rows.map(grantFromRow));
    }
    return out;
  }

  /** Role names a grant still stands behind (or is being made for). */
  async backedRoles(): Promise<Set<string>> {
    const rows = await this.db(GRANTS)
      .whereIn('state', ['granting', 'active', 'revoking'])
      .select('role_name');
    return new Set(rows.map(r => r.role_name));
  }

  /** Grants stuck in `granting` since before the time (their replica died). */
  async stuckGrants(before: Date): Promise<StoredGrant[]> {
    const rows = await this.db(GRANTS)
      .where('state', 'granting')
      .where('claimed_at', '<', before);
    return rows.map(grantFromRow);
  }

  /** Marks the password as shown; false when it already was. */
  async markCredentialsIssued(requestId: string): Promise<boolean> {
    const count = await this.db(GRANTS)
      .where({ request_id: requestId, state: 'active' })
      .where('credentials_issued', false)
      .update({ credentials_issued: true });
    return count === 1;
  }

  async unmarkCredentialsIssued(requestId: string): Promise<void> {
    await this.db(GRANTS)
      .where({ request_id: requestId })
      .update({ credentials_issued: false });
  }

  async addAudit(record: AuditRecord, at = new Date()): Promise<void> {
    await this.db(AUDIT).insert({
      at,
      actor: record.actor,
      action: record.action,
      request_id: record.requestId ?? null,
      database_ref: record.databaseRef ?? null,
      environment: record.environment ?? null,
      level: record.level ?? null,
      reason: record.reason ?? null,
      detail: record.detail ?? null,
    });
  }

  async listAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    const query = this.db(AUDIT)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.database) query.where('database_ref', filter.database);
    if (filter.environment) query.where('environment', filter.environment);
    if (filter.actor) query.where('actor', filter.actor);
    if (filter.action) query.where('action', filter.action);
    if (filter.from) query.where('at', '>=', filter.from);
    if (filter.to) query.where('at', '<=', filter.to);
    return (await query).map(auditFromRow);
  }

  /** Grants that overlap [from, to], newest first, joined with their request. */
  async history(filter: HistoryFilter): Promise<AccessHistoryEntry[]> {
    const query = this.db(`${GRANTS} as g`)
      .join(`${REQUESTS} as r`, 'r.id', 'g.request_id')
      .whereIn('g.state', ['active', 'revoking', 'ended'])
      .orderBy('g.valid_from', 'desc')
      .limit(filter.limit)
      .select(
        'g.request_id',
        'g.role_name',
        'g.valid_from',
        'g.valid_until',
        'g.ended_at',
        'g.ended_by',
        'g.end_reason',
        'r.requester',
        'r.database_ref',
        'r.environment',
        'r.level',
        'r.reason',
      );
    if (filter.database) query.where('r.database_ref', filter.database);
    if (filter.environment) query.where('r.environment', filter.environment);
    if (filter.user) query.where('r.requester', filter.user);
    if (filter.to) query.where('g.valid_from', '<=', filter.to);
    if (filter.from) {
      const from = filter.from;
      query.where(q =>
        q
          .where('g.ended_at', '>=', from)
          .orWhere(n =>
            n.whereNull('g.ended_at').where('g.valid_until', '>=', from),
          ),
      );
    }
    return (await query).map(row => ({
      requestId: row.request_id,
      user: row.requester,
      database: row.database_ref,
      environment: row.environment,
      level: row.level,
      reason: row.reason,
      role: row.role_name,
      from: toDate(row.valid_from).toISOString(),
      until: toDate(row.ended_at ?? row.valid_until).toISOString(),
      endedBy: row.ended_by ?? null,
      endReason: row.end_reason ?? null,
    }));
  }
}

import { Knex } from 'knex';
import { RuntimeStateStore, SeenState } from '../types';

const STATES = 'squad_overview_k8s_states';
const NOTIFIED = 'squad_overview_k8s_notified';
// Keeps each statement under SQLite's bound-parameter limit.
const BATCH = 200;

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    out.push(items.slice(i, i + BATCH));
  }
  return out;
}

export class KnexRuntimeStateStore implements RuntimeStateStore {
  constructor(private readonly knex: Knex) {}

  async load(cluster: string): Promise<Map<string, SeenState>> {
    const rows: Array<{ object_key: string; state: string; since: unknown }> =
      await this.knex(STATES)
        .where({ cluster })
        .select('object_key', 'state', 'since');
    return new Map(
      rows.map(r => [r.object_key, { state: r.state, since: Number(r.since) }]),
    );
  }

  async save(
    cluster: string,
    changes: { put: Array<SeenState & { key: string }>; remove: string[] },
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      for (const keys of batches(changes.remove)) {
        await tx(STATES)
          .where({ cluster })
          .whereIn('object_key', keys)
          .delete();
      }
      for (const rows of batches(changes.put)) {
        await tx(STATES)
          .insert(
            rows.map(r => ({
              cluster,
              object_key: r.key,
              state: r.state.slice(0, 1024),
              since: r.since,
            })),
          )
          .onConflict(['cluster', 'object_key'])
          .merge(['state', 'since']);
      }
    });
  }

  async claim(key: string, now: number, everyMs: number): Promise<boolean> {
    // Either the first claim inserts the row, or an old claim is moved on;
    // both are single statements, so of two replicas only one succeeds.
    const inserted = await this.knex(NOTIFIED)
      .insert({ claim_key: key, at: now })
      .onConflict('claim_key')
      .ignore()
      .returning('claim_key');
    if (inserted.length > 0) return true;
    const updated = await this.knex(NOTIFIED)
      .where({ claim_key: key })
      .andWhere('at', '<=', now - everyMs)
      .update({ at: now });
    return Number(updated) > 0;
  }
}

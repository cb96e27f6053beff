import { Knex } from 'knex';
import { ReleaseManagerContact, ReleaseManagerContactStore } from '../types';

const TABLE = 'release_manager_contact';
/** The table holds one row. */
const ID = 1;
/** A release manager's error page can be long; the message is enough. */
const MAX_MESSAGE = 1000;

type Row = {
  id: number;
  last_reached_at: string | number | null;
  last_error_message: string | null;
  last_error_at: string | number | null;
};

/**
 * The backfill's contacts in the database (migrations run by
 * KnexReleaseStore.create), so every replica answers the same.
 */
export class KnexReleaseManagerContactStore
  implements ReleaseManagerContactStore
{
  constructor(private readonly knex: Knex) {}

  private async upsert(values: Omit<Partial<Row>, 'id'>): Promise<void> {
    await this.knex(TABLE)
      .insert({ id: ID, ...values })
      .onConflict('id')
      .merge(Object.keys(values));
  }

  async recordReached(at: number): Promise<void> {
    await this.upsert({ last_reached_at: at });
  }

  async recordFailure(message: string, at: number): Promise<void> {
    await this.upsert({
      last_error_message: message.slice(0, MAX_MESSAGE),
      last_error_at: at,
    });
  }

  async get(): Promise<ReleaseManagerContact> {
    const row: Row | undefined = await this.knex<Row>(TABLE)
      .where({ id: ID })
      .first();
    if (!row) {
      return {};
    }
    const contact: ReleaseManagerContact = {};
    if (row.last_reached_at !== null) {
      contact.lastReachedAt = Number(row.last_reached_at);
    }
    if (row.last_error_message !== null && row.last_error_at !== null) {
      contact.lastError = {
        message: row.last_error_message,
        at: Number(row.last_error_at),
      };
    }
    return contact;
  }
}

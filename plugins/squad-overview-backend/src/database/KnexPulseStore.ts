import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  PulseEntry,
  PulseKind,
} from '@internal/backstage-plugin-squad-overview-common';
import { Knex } from 'knex';
import { NewPulseEntry, PulsePageRequest, PulseStore } from '../types';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-squad-overview-backend',
  'migrations',
);

const PULSE = 'squad_overview_pulse';
const DEAD_LETTERS = 'squad_overview_dead_letters';

type Row = {
  id: string | number;
  source_id: string;
  squad: string;
  service: string;
  kind: string;
  summary: string;
  actor: string | null;
  url: string | null;
  at: string | number;
};

export async function applyMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

export async function revertMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ directory: migrationsDir }, true);
}

function toEntry(row: Row): PulseEntry {
  return {
    id: String(row.id),
    at: new Date(Number(row.at)).toISOString(),
    kind: row.kind as PulseKind,
    service: row.service,
    summary: row.summary,
    ...(row.actor ? { actor: row.actor } : {}),
    ...(row.url ? { url: row.url } : {}),
  };
}

// The cursor is the last entry's time and id: stable while entries arrive.
function encodeCursor(row: Row): string {
  return Buffer.from(`${Number(row.at)}:${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split(':')
    .map(Number);
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(id)) {
    throw new InputError(`'before' is not a cursor of this API`);
  }
  return { at, id };
}

export class KnexPulseStore implements PulseStore {
  static async create(database: DatabaseService): Promise<KnexPulseStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await applyMigrations(knex);
    }
    return new KnexPulseStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async add(entry: NewPulseEntry): Promise<PulseEntry | undefined> {
    const row = {
      source_id: entry.sourceId.slice(0, 255),
      squad: entry.squad,
      service: entry.service,
      kind: entry.kind,
      summary: entry.summary,
      actor: entry.actor?.slice(0, 255) ?? null,
      url: entry.url ?? null,
      at: entry.at,
    };
    const inserted: Array<{ id: string | number }> = await this.knex(PULSE)
      .insert(row)
      .onConflict('source_id')
      .ignore()
      .returning(['id']);
    if (inserted.length === 0) {
      return undefined;
    }
    return toEntry({ ...row, id: inserted[0].id });
  }

  async page(request: PulsePageRequest) {
    const query = this.knex<Row>(PULSE)
      .where('squad', request.squad)
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(request.limit + 1);
    if (request.before) {
      const { at, id } = decodeCursor(request.before);
      query.andWhere(q =>
        q
          .where('at', '<', at)
          .orWhere(w => w.where('at', at).andWhere('id', '<', id)),
      );
    }
    const rows: Row[] = await query;
    const more = rows.length > request.limit;
    const items = rows.slice(0, request.limit);
    return {
      items: items.map(toEntry),
      ...(more ? { nextCursor: encodeCursor(items[items.length - 1]) } : {}),
    };
  }

  async hasEntrySince(options: {
    squad: string;
    service: string;
    kind: PulseKind;
    sourcePrefix: string;
    since: number;
  }): Promise<boolean> {
    const row = await this.knex(PULSE)
      .where({
        squad: options.squad,
        service: options.service,
        kind: options.kind,
      })
      .andWhere('source_id', 'like', `${options.sourcePrefix}%`)
      .andWhere('at', '>=', options.since)
      .first('id');
    return Boolean(row);
  }

  async addDeadLetters(options: {
    service: string;
    environment: string;
    count: number;
    at: number;
    since: number;
  }): Promise<number> {
    const { service, environment, count, at, since } = options;
    await this.knex(DEAD_LETTERS).insert({ service, environment, count, at });
    const [{ total }] = await this.knex(DEAD_LETTERS)
      .where({ service, environment })
      .andWhere('at', '>=', since)
      .sum({ total: 'count' });
    return Number(total ?? 0);
  }

  async cleanup(options: { pulseBefore: number; deadLettersBefore: number }) {
    const pulse = await this.knex(PULSE)
      .where('at', '<', options.pulseBefore)
      .delete();
    const deadLetters = await this.knex(DEAD_LETTERS)
      .where('at', '<', options.deadLettersBefore)
      .delete();
    return { pulse, deadLetters };
  }
}

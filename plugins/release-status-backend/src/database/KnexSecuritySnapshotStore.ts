import { Knex } from 'knex';
import { SecuritySnapshot, SecuritySnapshotStore } from '../types';

type Row = {
  service: string;
  environment: string;
  day: string;
  high: number;
  critical: number;
  reported: boolean | number;
  artifact_id: string | null;
  updated_at: string | number;
};

function toSnapshot(row: Row): SecuritySnapshot {
  return {
    service: row.service,
    environment: row.environment,
    day: row.day,
    high: Number(row.high),
    critical: Number(row.critical),
    reported: Boolean(row.reported),
    ...(row.artifact_id !== null && { artifactId: row.artifact_id }),
  };
}

/** The daily figures in `security_daily` (migrated with the releases). */
export class KnexSecuritySnapshotStore implements SecuritySnapshotStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async put(snapshot: SecuritySnapshot): Promise<void> {
    await this.knex<Row>('security_daily')
      .insert({
        service: snapshot.service,
        environment: snapshot.environment,
        day: snapshot.day,
        high: snapshot.high,
        critical: snapshot.critical,
        reported: snapshot.reported,
        artifact_id: snapshot.artifactId ?? null,
        updated_at: this.now(),
      })
      .onConflict(['service', 'environment', 'day'])
      .merge(['high', 'critical', 'reported', 'artifact_id', 'updated_at']);
  }

  async latestBefore(
    services: string[],
    environment: string,
    day: string,
  ): Promise<Map<string, SecuritySnapshot>> {
    const result = new Map<string, SecuritySnapshot>();
    if (services.length === 0) {
      return result;
    }
    const latest = this.knex('security_daily')
      .select('service')
      .max({ day: 'day' })
      .where('environment', environment)
      .whereIn('service', services)
      .andWhere('day', '<', day)
      .groupBy('service')
      .as('latest');
    const rows: Row[] = await this.knex<Row>('security_daily as s')
      .select('s.*')
      .join(latest, join =>
        join.on('s.service', 'latest.service').andOn('s.day', 'latest.day'),
      )
      .where('s.environment', environment);
    for (const row of rows) {
      result.set(row.service, toSnapshot(row));
    }
    return result;
  }

  async daysBetween(
    service: string,
    environment: string,
    fromDay: string,
    beforeDay: string,
  ): Promise<string[]> {
    const rows: Array<{ day: string }> = await this.knex('security_daily')
      .select('day')
      .where({ service, environment })
      .andWhere('day', '>=', fromDay)
      .andWhere('day', '<', beforeDay)
      .orderBy('day');
    return rows.map(r => r.day);
  }

  /** Drops the days before `day`; returns how many rows went. */
  async deleteBefore(day: string): Promise<number> {
    return this.knex('security_daily').where('day', '<', day).delete();
  }
}

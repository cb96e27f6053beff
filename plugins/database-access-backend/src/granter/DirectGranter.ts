import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import knexFactory, { Knex } from 'knex';
import { AdminConnection } from '../config';
import { Granter, GrantSpec } from '../types';
import { isUnreachable, literal, randomPassword } from './sql';

/** Advisory lock key (per database) for privilege changes: "dbacc" in ASCII. */
const PRIVILEGES_LOCK = 0x6462616363;

const TABLE_PRIVILEGES = {
  read: 'SELECT',
  write: 'SELECT, INSERT, UPDATE, DELETE',
};

/**
 * Grants by creating a login role on the environment's PostgreSQL server
 * through its admin connection, and revokes by dropping it.
 */
export class DirectGranter implements Granter {
  readonly mode = 'direct' as const;
  private readonly pools = new Map<string, Knex>();

  constructor(
    private readonly options: {
      environment: string;
      admin: AdminConnection;
      logger: LoggerService;
      /** Development: create a database that does not exist yet on grant. */
      createMissingDatabases?: boolean;
      /** Connection attempts give up after this long. Default 5 s. */
      connectTimeoutMs?: number;
    },
  ) {}

  /** A small pool per database on the server (role statements, grants in it). */
  private pool(database: string): Knex {
    let pool = this.pools.get(database);
    if (!pool) {
      const { admin } = this.options;
      const timeout = this.options.connectTimeoutMs ?? 5000;
      pool = knexFactory({
        client: 'pg',
        connection: {
          host: admin.host,
          port: admin.port,
          user: admin.user,
          password: admin.password,
          database,
          connectionTimeoutMillis: timeout,
          application_name: 'backstage-database-access',
        },
        pool: { min: 0, max: 4, idleTimeoutMillis: 30_000 },
        acquireConnectionTimeout: timeout,
        // knex logs failed connects to the console; ours are errors we report.
        log: {
          warn: (m: unknown) => this.options.logger.debug(`knex: ${m}`),
          error: (m: unknown) => this.options.logger.debug(`knex: ${m}`),
          deprecate: () => {},
          debug: () => {},
        },
      });
      this.pools.set(database, pool);
    }
    return pool;
  }

  private get admin(): Knex {
    return this.pool(this.options.admin.database);
  }

  private where(): string {
    const { admin, environment } = this.options;
    return `${admin.host}:${admin.port} (environment ${environment})`;
  }

  async grant(spec: GrantSpec): Promise<{ commit?: string }> {
    const rows = await this.databaseOwner(spec.databaseName);
    if (rows.length === 0) {
      throw new NotFoundError(
        `Database "${spec.databaseName}" does not exist on ${this.where()}`,
      );
    }
    const role = spec.roleName;
    await this.admin.raw(
      `CREATE ROLE ?? LOGIN PASSWORD ${literal(
        randomPassword(),
      )} VALID UNTIL ${literal(spec.validUntil.toISOString())}`,
      [role],
    );
    try {
      const privileges = TABLE_PRIVILEGES[spec.level];
      await this.privileges(spec.databaseName, async tx => {
        await tx.raw('GRANT CONNECT ON DATABASE ?? TO ??', [
          spec.databaseName,
          role,
        ]);
        await tx.raw('GRANT USAGE ON SCHEMA public TO ??', [role]);
        await tx.raw(
          `GRANT ${privileges} ON ALL TABLES IN SCHEMA public TO ??`,
          [role],
        );
        if (spec.level === 'write') {
          await tx.raw(
            'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ??',
            [role],
          );
        }
        // Tables created later by the database's owner (or by us) too.
        const owners = new Set([rows[0].owner as string]);
        const { rows: me } = await tx.raw('SELECT current_user AS name');
        owners.add(me[0].name);
        for (const owner of owners) {
          await tx.raw(
            `ALTER DEFAULT PRIVILEGES FOR ROLE ?? IN SCHEMA public GRANT ${privileges} ON TABLES TO ??`,
            [owner, role],
          );
        }
      });
    } catch (error) {
      // Leave no role behind; if this fails too, the reconciler drops it.
      await this.dropRole(role, spec.databaseName).catch(e =>
        this.options.logger.warn(
          `Could not drop ${role} after a failed grant: ${e}`,
        ),
      );
      throw error;
    }
    return {};
  }

  /** The database's owner (one row), creating it first in development. */
  private async databaseOwner(name: string): Promise<Array<{ owner: string }>> {
    const query = () =>
      this.admin
        .raw(
          'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ?',
          [name],
        )
        .then(r => r.rows as Array<{ owner: string }>);
    const rows = await query();
    if (rows.length > 0 || !this.options.createMissingDatabases) {
      return rows;
    }
    try {
      await this.admin.raw('CREATE DATABASE ??', [name]);
      this.options.logger.info(
        `Created database ${name} on ${this.where()} (createMissingDatabases)`,
      );
    } catch (error) {
      if (!/already exists/.test(String(error))) throw error;
    }
    return query();
  }

  async revoke(spec: GrantSpec): Promise<{ commit?: string }> {
    await this.dropRole(spec.roleName, spec.databaseName);
    return {};
  }

  async setPassword(roleName: string, password: string): Promise<void> {
    await this.admin.raw(`ALTER ROLE ?? PASSWORD ${literal(password)}`, [
      roleName,
    ]);
  }

  async listRoles(prefix: string): Promise<string[]> {
    const { rows } = await this.admin.raw(
      'SELECT rolname FROM pg_roles WHERE left(rolname, length(?)) = ? ORDER BY rolname',
      [prefix, prefix],
    );
    return rows.map((r: { rolname: string }) => r.rolname);
  }

  /**
   * Stops new logins, ends the role's sessions, removes its privileges (and
   * anything it created) in the database(s) and drops it. A role that is
   * already gone is fine.
   */
  async dropRole(roleName: string, database?: string): Promise<void> {
    const { rows } = await this.admin.raw(
      'SELECT 1 FROM pg_roles WHERE rolname = ?',
      [roleName],
    );
    if (rows.length === 0) {
      return;
    }
    await this.admin.raw('ALTER ROLE ?? NOLOGIN', [roleName]);
    await this.admin.raw(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?',
      [roleName],
    );
    const databases = database ? [database] : await this.databasesOf(roleName);
    for (const name of databases) {
      try {
        await this.privileges(name, async tx => {
          await tx.raw('REASSIGN OWNED BY ?? TO CURRENT_USER', [roleName]);
          await tx.raw('DROP OWNED BY ??', [roleName]);
        });
      } catch (error) {
        // A database dropped meanwhile holds no privileges any more.
        if (!/does not exist/i.test(String(error))) {
          throw error;
        }
      }
    }
    await this.admin.raw('DROP ROLE IF EXISTS ??', [roleName]);
  }

  /**
   * Runs privilege changes in one transaction in the database, one at a
   * time per database: concurrent GRANTs and REVOKEs on the same table,
   * schema or database otherwise fail with "tuple concurrently updated".
   * The advisory lock holds across backend replicas too.
   */
  private async privileges(
    database: string,
    fn: (tx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    await this.pool(database).transaction(async tx => {
      await tx.raw('SELECT pg_advisory_xact_lock(?)', [PRIVILEGES_LOCK]);
      await fn(tx);
    });
  }

  /**
   * The databases where the role holds privileges or owns objects (from
   * pg_shdepend), plus the admin database for privileges on shared objects
   * such as CONNECT: only those are connected to, not every database.
   */
  private async databasesOf(roleName: string): Promise<string[]> {
    const { rows } = await this.admin.raw(
      `SELECT DISTINCT d.datname FROM pg_shdepend s
         JOIN pg_database d ON d.oid = s.dbid
        WHERE s.refclassid = 'pg_authid'::regclass
          AND s.refobjid = (SELECT oid FROM pg_roles WHERE rolname = ?)
          AND d.datallowconn`,
      [roleName],
    );
    return [
      ...new Set([
        this.options.admin.database,
        ...rows.map((r: { datname: string }) => r.datname),
      ]),
    ];
  }

  async check(): Promise<string | null> {
    try {
      await this.admin.raw('SELECT 1');
      return null;
    } catch (error) {
      return `${this.where()} is not reachable: ${
        (error as Error).message ?? error
      }`;
    }
  }

  /** For callers that want to tell "server down" from other failures. */
  static isUnreachable = isUnreachable;

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map(p => p.destroy()));
  }
}

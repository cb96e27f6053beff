import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { AccessLevel, AccessMode } from './schema/openapi';

/** The admin connection of an environment's PostgreSQL server. */
export interface AdminConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

/** Where GitOps mode commits PostgreSQLUser resources. */
export interface GitOpsTarget {
  repository: string;
  branch: string;
  directory: string;
  host: string;
}

export interface EnvironmentSettings {
  name: string;
  mode: AccessMode;
  admin?: AdminConnection;
  gitops?: GitOpsTarget;
  /** Development: create a database that does not exist yet on grant. */
  createMissingDatabases: boolean;
  connectHost: string;
  connectPort: number;
  maxMinutes: Record<AccessLevel, number>;
  approvalsRequired: Record<AccessLevel, number>;
}

export interface DatabaseAccessSettings {
  environments: EnvironmentSettings[];
  rolePrefix: string;
  approvalTimeoutMinutes: number;
  revokeIntervalSeconds: number;
}

const ROLE_PREFIX = /^[a-z_][a-z0-9_]{0,29}$/;

function approvals(config: Config | undefined, level: AccessLevel): number {
  const value = config?.getOptionalNumber(level) ?? 1;
  if (value !== 1 && value !== 2) {
    throw new InputError(
      `databaseAccess approvalsRequired.${level} must be 1 or 2, got ${value}`,
    );
  }
  return value;
}

function readEnvironment(name: string, config: Config): EnvironmentSettings {
  const mode = (config.getOptionalString('mode') ?? 'direct') as AccessMode;
  if (mode !== 'direct' && mode !== 'gitops') {
    throw new InputError(
      `databaseAccess.environments.${name}.mode must be direct or gitops`,
    );
  }
  const adminConfig = config.getOptionalConfig('admin');
  const admin = adminConfig && {
    host: adminConfig.getString('host'),
    port: adminConfig.getOptionalNumber('port') ?? 5432,
    user: adminConfig.getString('user'),
    password: adminConfig.getOptionalString('password'),
    database: adminConfig.getOptionalString('database') ?? 'postgres',
  };
  if (mode === 'direct' && !admin) {
    throw new InputError(
      `databaseAccess.environments.${name}.admin is required in direct mode`,
    );
  }
  const connect = config.getOptionalConfig('connect');
  const connectHost =
    connect?.getOptionalString('host') ?? admin?.host ?? 'localhost';
  const connectPort = connect?.getOptionalNumber('port') ?? admin?.port ?? 5432;
  const gitopsConfig = config.getOptionalConfig('gitops');
  const gitops = gitopsConfig && {
    repository: gitopsConfig.getString('repository'),
    branch: gitopsConfig.getOptionalString('branch') ?? 'main',
    directory:
      gitopsConfig.getOptionalString('directory') ?? 'postgresql-users',
    host: gitopsConfig.getOptionalString('host') ?? connectHost,
  };
  if (mode === 'gitops' && !gitops) {
    throw new InputError(
      `databaseAccess.environments.${name}.gitops is required in gitops mode`,
    );
  }
  const max = config.getOptionalConfig('maxMinutes');
  const required = config.getOptionalConfig('approvalsRequired');
  return {
    name,
    mode,
    admin,
    gitops,
    createMissingDatabases:
      config.getOptionalBoolean('createMissingDatabases') ?? false,
    connectHost,
    connectPort,
    maxMinutes: {
      read: max?.getOptionalNumber('read') ?? 480,
      write: max?.getOptionalNumber('write') ?? 60,
    },
    approvalsRequired: {
      read: approvals(required, 'read'),
      write: approvals(required, 'write'),
    },
  };
}

/** Reads and checks `databaseAccess` (see config.d.ts). */
export function readDatabaseAccessConfig(root: Config): DatabaseAccessSettings {
  const config = root.getOptionalConfig('databaseAccess');
  const envs = config?.getOptionalConfig('environments');
  const rolePrefix =
    config?.getOptionalString('rolePrefix') ?? 'portal_access_';
  if (!ROLE_PREFIX.test(rolePrefix)) {
    throw new InputError(
      `databaseAccess.rolePrefix must match ${ROLE_PREFIX}, got ${rolePrefix}`,
    );
  }
  return {
    environments: (envs?.keys() ?? [])
      .filter(
        name => envs!.getConfig(name).getOptionalBoolean('enabled') !== false,
      )
      .map(name => readEnvironment(name, envs!.getConfig(name))),
    rolePrefix,
    approvalTimeoutMinutes:
      config?.getOptionalNumber('approvalTimeoutMinutes') ?? 24 * 60,
    revokeIntervalSeconds:
      config?.getOptionalNumber('revokeIntervalSeconds') ?? 15,
  };
}

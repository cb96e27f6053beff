import { ConfigReader } from '@backstage/config';
import { readDatabaseAccessConfig } from './config';

describe('readDatabaseAccessConfig', () => {
  const local = {
    admin: { host: '127.0.0.1', user: 'postgres' },
    createMissingDatabases: true,
  };

  it('reads an environment with its defaults', () => {
    const settings = readDatabaseAccessConfig(
      new ConfigReader({ databaseAccess: { environments: { local } } }),
    );
    expect(settings).toMatchObject({
      rolePrefix: 'portal_access_',
      approvalTimeoutMinutes: 1440,
      revokeIntervalSeconds: 15,
      environments: [
        {
          name: 'local',
          mode: 'direct',
          admin: { host: '127.0.0.1', port: 5432, database: 'postgres' },
          connectHost: '127.0.0.1',
          connectPort: 5432,
          maxMinutes: { read: 480, write: 60 },
          approvalsRequired: { read: 1, write: 1 },
          createMissingDatabases: true,
        },
      ],
    });
  });

  it('leaves out an environment production turns off (enabled: false)', () => {
    const settings = readDatabaseAccessConfig(
      ConfigReader.fromConfigs([
        {
          context: 'app-config.yaml',
          data: { databaseAccess: { environments: { local } } },
        },
        {
          context: 'app-config.production.yaml',
          data: {
            databaseAccess: { environments: { local: { enabled: false } } },
          },
        },
      ]),
    );
    expect(settings.environments).toEqual([]);
  });

  it('refuses settings that cannot work', () => {
    const read = (databaseAccess: object) => () =>
      readDatabaseAccessConfig(new ConfigReader({ databaseAccess }));
    expect(read({ environments: { prod: { mode: 'direct' } } })).toThrow(
      /prod.admin is required in direct mode/,
    );
    expect(read({ environments: { prod: { mode: 'gitops' } } })).toThrow(
      /prod.gitops is required in gitops mode/,
    );
    expect(
      read({
        environments: { prod: { ...local, approvalsRequired: { write: 3 } } },
      }),
    ).toThrow(/approvalsRequired.write must be 1 or 2/);
    expect(read({ rolePrefix: 'Robert"); DROP' })).toThrow(
      /rolePrefix must match/,
    );
  });
});

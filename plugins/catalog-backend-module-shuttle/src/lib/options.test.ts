import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { enrichEntity } from './enrich';
import { DEFAULT_OPTIONS, readShuttleOptions } from './options';
import { parseShuttleYaml } from './parseShuttleYaml';

describe('readShuttleOptions', () => {
  it('defaults everything', () => {
    expect(readShuttleOptions(new ConfigReader({}))).toEqual(DEFAULT_OPTIONS);
  });

  it('reads every key', () => {
    expect(
      readShuttleOptions(
        new ConfigReader({
          shuttle: {
            ownerPattern: 'group:team-{squad}',
            defaultOwner: 'group:platform',
            defaultLifecycle: 'experimental',
            maxFileBytes: 1000,
            checkGroups: false,
            emitDatabases: false,
            resources: { rabbitmq: false, ingress: 'resource:edge/ingress' },
          },
        }),
      ),
    ).toEqual({
      ownerPattern: 'group:team-{squad}',
      defaultOwner: 'group:platform',
      defaultLifecycle: 'experimental',
      maxFileBytes: 1000,
      checkGroups: false,
      emitDatabases: false,
      resources: { rabbitmq: false, ingress: 'resource:edge/ingress' },
    });
  });

  it('replaces wrong values by defaults and says so', () => {
    const logger = mockServices.logger.mock();
    const options = readShuttleOptions(
      new ConfigReader({
        shuttle: {
          ownerPattern: 'group:fixed',
          maxFileBytes: 'big',
          resources: { rabbitmq: true },
        },
      }),
      logger,
    );
    expect(options).toEqual(DEFAULT_OPTIONS);
    expect(logger.warn).toHaveBeenCalledTimes(3);
  });

  it('leaves out a shared resource relation that is turned off', () => {
    const { entity } = enrichEntity(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'a' },
        spec: { owner: 'x' },
      },
      parseShuttleYaml(
        Buffer.from('vars: {squad: x, rabbitmq: true, ingress: true}'),
        {
          maxFileBytes: 1000,
        },
      ),
      'f',
      {
        ...DEFAULT_OPTIONS,
        resources: { rabbitmq: false, ingress: 'resource:ingress' },
      },
    );
    expect(entity.spec?.dependsOn).toEqual(['resource:ingress']);
  });

  it('relates to the database without emitting it when emitDatabases is false', () => {
    const { entity, resources } = enrichEntity(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'a' },
        spec: { owner: 'x' },
      },
      parseShuttleYaml(Buffer.from('vars: {squad: x, db: true}'), {
        maxFileBytes: 1000,
      }),
      'f',
      { ...DEFAULT_OPTIONS, emitDatabases: false },
    );
    expect(entity.spec?.dependsOn).toEqual(['resource:default/a-db']);
    expect(resources).toEqual([]);
  });
});

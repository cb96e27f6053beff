import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { DefaultLocalGitRepositories } from '../service/LocalGitRepositories';
import { LocalGitEntityProvider } from './LocalGitEntityProvider';

describe('LocalGitEntityProvider', () => {
  let baseDir: string;
  beforeEach(() => {
    baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-git-provider-'));
  });
  afterEach(() => fs.rmSync(baseDir, { recursive: true, force: true }));

  const checkout = (name: string, withCatalogInfo = true) => {
    fs.mkdirSync(path.join(baseDir, name));
    fs.mkdirSync(path.join(baseDir, `${name}.git`));
    if (withCatalogInfo) {
      fs.writeFileSync(path.join(baseDir, name, 'catalog-info.yaml'), 'x');
    }
  };

  it('provides a file location for each published checkout, and for new ones when registered', async () => {
    checkout('old-service');
    checkout('no-catalog-info', false);
    const repositories = new DefaultLocalGitRepositories({
      enabled: true,
      baseDir,
      defaultBranch: 'main',
      configuredAuthor: {},
      logger: mockServices.logger.mock(),
    });
    const provider = new LocalGitEntityProvider(
      repositories,
      mockServices.logger.mock(),
    );
    const connection = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    } satisfies EntityProviderConnection;
    await provider.connect(connection);

    const target = (name: string) =>
      path.join(baseDir, name, 'catalog-info.yaml');
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        {
          locationKey: `local-git:${target('old-service')}`,
          entity: expect.objectContaining({
            kind: 'Location',
            spec: { type: 'file', target: target('old-service') },
          }),
        },
      ],
    });

    checkout('new-service');
    await expect(repositories.register('new-service')).resolves.toBe(true);
    expect(connection.applyMutation).toHaveBeenLastCalledWith({
      type: 'delta',
      added: [
        {
          locationKey: `local-git:${target('new-service')}`,
          entity: expect.objectContaining({
            kind: 'Location',
            spec: { type: 'file', target: target('new-service') },
          }),
        },
      ],
      removed: [],
    });
  });
});

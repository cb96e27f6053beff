import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseClosedOnStop } from '@internal/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { scaffolderModuleLocalGit } from './module';

// With scaffolder.localGit.enabled: false (app-config.production.yaml) the
// same templates take the GitHub steps instead of the local ones.
const TEMPLATE_DIR = path.resolve(__dirname, '../../../templates/go-service');

describe('templates in production configuration', () => {
  it('publish to GitHub and register with catalog:register', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunar-prod-'));
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        databaseClosedOnStop,
        githubModule,
        scaffolderModuleLocalGit,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            scaffolder: { localGit: { enabled: false, baseDir } },
            integrations: { github: [{ host: 'github.com' }] },
          },
        }),
      ],
    });

    const files = fs
      .readdirSync(TEMPLATE_DIR, { recursive: true, withFileTypes: true })
      .filter(f => f.isFile())
      .map(f => {
        const full = path.join(f.parentPath, f.name);
        return {
          path: path.relative(TEMPLATE_DIR, full),
          base64Content: fs.readFileSync(full).toString('base64'),
        };
      });
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: parseYaml(
          fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
        ),
        values: {
          name: 'card-rewards',
          description: 'Rewards',
          owner: 'group:default/squad-nasa',
        },
        directoryContents: files,
      });
    expect(res.status).toBe(200);

    const messages: string[] = res.body.log.map(
      (l: { body: { message: string } }) => l.body.message,
    );
    const skipped = (step: string) =>
      messages.some(m =>
        m.includes(`Skipping step ${step} because its if condition was false`),
      );
    expect(skipped('publish-local')).toBe(true);
    expect(skipped('register-local')).toBe(true);
    expect(skipped('publish-github')).toBe(false);
    expect(skipped('register-github')).toBe(false);
    // Neither GitHub action can run dry: the runner skips them and says so.
    expect(messages).toContainEqual(
      expect.stringContaining('publish:github does not support dry-run'),
    );

    const catalogInfo = res.body.directoryContents.find(
      (f: { path: string }) => f.path === 'catalog-info.yaml',
    );
    const entity = parseYaml(
      Buffer.from(catalogInfo.base64Content, 'base64').toString('utf8'),
    );
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      'lunarway/card-rewards',
    );
    expect(fs.readdirSync(baseDir)).toEqual([]);
    fs.rmSync(baseDir, { recursive: true, force: true });
  });
});

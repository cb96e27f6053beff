import fs from 'node:fs/promises';
import path from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import { LocalGitRepositories } from '../service/LocalGitRepositories';

/** The entity a new repository is "about": its Component, else the first. */
export function mainEntityRef(catalogInfo: string): string | undefined {
  const entities = parseAllDocuments(catalogInfo)
    .map(doc => doc.toJS() as Entity | null)
    .filter((e): e is Entity => !!e?.kind && !!e?.metadata?.name);
  const entity = entities.find(e => e.kind === 'Component') ?? entities[0];
  return entity ? stringifyEntityRef(entity) : undefined;
}

/**
 * `catalog:register-local-git`: registers a repository published by
 * `publish:local-git` in the catalog, as a `file` location on its checkout
 * (the catalog API only accepts `url` locations; our catalog module provides
 * these instead), so TechDocs' `dir:.` resolves to the checkout.
 */
export function createRegisterLocalGitAction(options: {
  repositories: LocalGitRepositories;
  catalog: CatalogService;
  /** How long to wait for the entity to appear in the catalog. */
  waitTimeoutMs?: number;
}) {
  const { repositories, catalog, waitTimeoutMs = 60_000 } = options;
  return createTemplateAction({
    id: 'catalog:register-local-git',
    description:
      'Registers the catalog-info.yaml of a repository published with publish:local-git in the catalog.',
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z => z.string().describe('Name given to publish:local-git'),
      },
      output: {
        entityRef: z => z.string().optional(),
        catalogInfoPath: z => z.string(),
      },
    },
    async handler(ctx) {
      const repo = repositories.repository(ctx.input.repoName);
      // A dry run has no checkout: read what would have been published.
      const file = ctx.isDryRun
        ? path.join(ctx.workspacePath, 'catalog-info.yaml')
        : repo.catalogInfoPath;
      let content: string;
      try {
        content = await fs.readFile(file, 'utf8');
      } catch {
        throw new InputError(`No catalog-info.yaml at ${file}`);
      }
      const entityRef = mainEntityRef(content);
      if (!ctx.isDryRun) {
        const registered = await repositories.register(ctx.input.repoName);
        ctx.logger.info(`Registered ${repo.catalogInfoPath} in the catalog`);
        // Wait until the catalog has processed it, so that the "Open in
        // catalog" link works the moment the task completes.
        if (registered && entityRef) {
          const credentials = await ctx.getInitiatorCredentials();
          const deadline = Date.now() + waitTimeoutMs;
          while (!(await catalog.getEntityByRef(entityRef, { credentials }))) {
            if (Date.now() > deadline || ctx.signal?.aborted) {
              ctx.logger.warn(
                `${entityRef} is not in the catalog yet; it will appear once the catalog has processed ${repo.catalogInfoPath}`,
              );
              break;
            }
            await new Promise(resolve => setTimeout(resolve, 250));
          }
        }
      }
      if (entityRef) ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoPath', repo.catalogInfoPath);
    },
  });
}

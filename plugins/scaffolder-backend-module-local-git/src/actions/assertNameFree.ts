import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { LocalGitRepositories } from '../service/LocalGitRepositories';

/**
 * `lunar:assert-name-free`: the first step of our templates. Fails with a
 * clear message, before anything is published, when the catalog already has
 * an entity of that name (or a local repository takes it). The form checks
 * the same thing; this guards the API and races.
 */
export function createAssertNameFreeAction(options: {
  catalog: CatalogService;
  repositories: LocalGitRepositories;
}) {
  const { catalog, repositories } = options;
  return createTemplateAction({
    id: 'lunar:assert-name-free',
    description:
      'Fails when an entity with the given name already exists in the catalog.',
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string(),
        kind: z => z.string().optional().describe('Default: Component'),
        namespace: z => z.string().optional().describe('Default: default'),
      },
    },
    async handler(ctx) {
      const ref = stringifyEntityRef({
        kind: ctx.input.kind ?? 'Component',
        namespace: ctx.input.namespace ?? 'default',
        name: ctx.input.name,
      });
      const existing = await catalog.getEntityByRef(ref, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (existing) {
        const owner = (existing.spec as { owner?: string } | undefined)?.owner;
        throw new ConflictError(
          `The name '${
            ctx.input.name
          }' is taken: ${ref} already exists in the catalog${
            owner ? ` (owned by ${owner})` : ''
          }. Choose another name.`,
        );
      }
      if (repositories.enabled && (await repositories.exists(ctx.input.name))) {
        throw new ConflictError(
          `The name '${ctx.input.name}' is taken: a repository of that name exists in ${repositories.baseDir}. Choose another name.`,
        );
      }
      ctx.logger.info(`The name '${ctx.input.name}' is free`);
    },
  });
}

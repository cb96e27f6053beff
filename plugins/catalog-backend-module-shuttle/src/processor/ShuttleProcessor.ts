import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SHUTTLE_PROVIDER,
  ANNOTATION_SHUTTLE_SQUAD,
} from '../annotations';
import { addProblems, enrichEntity } from '../lib/enrich';
import { GroupChecker, groupProblem } from '../lib/groups';
import { ShuttleOptions } from '../lib/options';
import {
  parseShuttleYaml,
  readShuttleYaml,
  ShuttleParseResult,
  tooLarge,
} from '../lib/parseShuttleYaml';

const SHUTTLE_FILE = 'shuttle.yaml';
const CACHE_KEY = 'shuttle-v1';

type CachedRead = { etag: string; parsed: ShuttleParseResult };

type ReadOutcome =
  | { kind: 'absent' }
  | { kind: 'read'; fileRef: string; parsed: ShuttleParseResult }
  | { kind: 'failed'; fileRef: string; message: string };

/**
 * Enriches Components that come from a repository (file or url location)
 * with the shuttle.yaml beside their catalog-info.yaml.
 * @public
 */
export class ShuttleProcessor implements CatalogProcessor {
  constructor(
    private readonly deps: {
      reader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      options: ShuttleOptions;
      logger: LoggerService;
      groups?: GroupChecker;
    },
  ) {}

  getProcessorName(): string {
    return 'ShuttleProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    _originLocation: LocationSpec,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    if (
      entity.kind?.toLocaleLowerCase('en-US') !== 'component' ||
      entity.metadata?.annotations?.[ANNOTATION_SHUTTLE_PROVIDER] ||
      (location.type !== 'file' && location.type !== 'url')
    ) {
      return entity;
    }
    try {
      const outcome = await this.read(location, cache);
      if (outcome.kind === 'absent') {
        return entity;
      }
      if (outcome.kind === 'failed') {
        return addProblems(entity, [
          { level: 'warning', message: outcome.message },
        ]);
      }
      const result = enrichEntity(
        entity,
        outcome.parsed,
        outcome.fileRef,
        this.deps.options,
      );
      for (const resource of result.resources) {
        // No location key: an explicit definition of the same database (e.g. in a
        // resources.yaml) takes precedence over this derived one.
        emit(
          processingResult.entity(location, resource, { locationKey: null }),
        );
      }
      if (this.deps.options.checkGroups) {
        const problems = await groupProblem(
          this.deps.groups,
          result.shuttleOwnerRef,
          result.entity.metadata.annotations?.[ANNOTATION_SHUTTLE_SQUAD],
        );
        return addProblems(result.entity, problems);
      }
      return result.entity;
    } catch (e) {
      // Never let shuttle.yaml take the entity down with it.
      this.deps.logger.warn(
        `Shuttle processing of ${entity.metadata?.name} failed: ${
          (e as Error).message
        }`,
      );
      return entity;
    }
  }

  private async read(
    location: LocationSpec,
    cache: CatalogProcessorCache,
  ): Promise<ReadOutcome> {
    const { maxFileBytes } = this.deps.options;
    if (location.type === 'file') {
      const filePath = path.resolve(
        path.dirname(location.target),
        SHUTTLE_FILE,
      );
      let size: number;
      try {
        const stat = await fs.stat(filePath);
        if (!stat.isFile()) {
          return { kind: 'absent' };
        }
        size = stat.size;
      } catch {
        return { kind: 'absent' };
      }
      if (size > maxFileBytes) {
        return {
          kind: 'read',
          fileRef: filePath,
          parsed: tooLarge(size, maxFileBytes),
        };
      }
      // The cap holds while reading too: the file may grow after stat
      return {
        kind: 'read',
        fileRef: filePath,
        parsed: await readShuttleYaml(createReadStream(filePath), {
          maxFileBytes,
        }),
      };
    }

    let url: string;
    try {
      url = this.deps.integrations.resolveUrl({
        url: `./${SHUTTLE_FILE}`,
        base: location.target,
      });
    } catch {
      return { kind: 'absent' };
    }
    const cached = (await cache.get<JsonObject>(CACHE_KEY)) as
      | CachedRead
      | undefined;
    try {
      const response = await this.deps.reader.readUrl(url, {
        etag: cached?.etag,
      });
      // Streamed where the reader can, so a huge file is dropped at the cap
      const parsed = response.stream
        ? await readShuttleYaml(response.stream(), { maxFileBytes })
        : parseShuttleYaml(await response.buffer(), { maxFileBytes });
      if (response.etag) {
        const entry: CachedRead = { etag: response.etag, parsed };
        await cache.set(CACHE_KEY, entry as unknown as JsonObject);
      }
      return { kind: 'read', fileRef: url, parsed };
    } catch (e) {
      if (e instanceof NotModifiedError && cached) {
        return { kind: 'read', fileRef: url, parsed: cached.parsed };
      }
      if (
        e instanceof NotFoundError ||
        (e as Error)?.name === 'NotFoundError'
      ) {
        return { kind: 'absent' };
      }
      if (cached) {
        // A flaky read should not strip the enrichment from a known file.
        return { kind: 'read', fileRef: url, parsed: cached.parsed };
      }
      return {
        kind: 'failed',
        fileRef: url,
        message: `Could not read ${url}: ${(e as Error).message}`,
      };
    }
  }
}

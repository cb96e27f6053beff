import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import {
  appendDefinitionFiles,
  isGrpcApi,
  parseProtoDefinition,
  summarisePersonalData,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { ProtobufCatalogOptions } from '../options';
import { annotate, Findings } from './annotate';
import {
  ImportEtags,
  importSourceFor,
  readImportsBeside,
} from './importsBeside';

const ETAG_CACHE_KEY = 'protobuf-imports-v1';

/** A relative directory beside the entity file that imports are read from. @public */
export const ANNOTATION_PROTO_IMPORT_ROOT = 'lunar.app/proto-import-root';

/**
 * Reads the .proto definition of every gRPC API entity (after `$text` and
 * friends are resolved) and writes what it carries onto the entity: the
 * number of personal-data fields, the messages they are in, the
 * `personal-data` tag, and a problem annotation when the definition cannot be
 * read. Imports the definition does not contain are read beside the entity
 * file and appended to the definition, so the API Docs widget sees them too.
 *
 * A broken definition never fails the entity: the API stays in the catalog
 * (and the widget shows the syntax error); the problem is an annotation.
 * @public
 */
export class ProtobufPersonalDataProcessor implements CatalogProcessor {
  constructor(
    private readonly deps: {
      reader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      logger: LoggerService;
      options: ProtobufCatalogOptions;
    },
  ) {}

  getProcessorName(): string {
    return 'ProtobufPersonalDataProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    _emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const definition = entity.spec?.definition;
    if (!isGrpcApi(entity) || typeof definition !== 'string') {
      return entity;
    }
    try {
      const etags: ImportEtags = {
        previous: ((await cache.get<JsonObject>(ETAG_CACHE_KEY)) ??
          {}) as ImportEtags['previous'],
        next: {},
      };
      const findings = await this.examine(entity, definition, location, etags);
      if (Object.keys(etags.next).length > 0) {
        await cache.set(ETAG_CACHE_KEY, etags.next as unknown as JsonObject);
      }
      return annotate(entity, findings);
    } catch (e) {
      // Never let a definition take the entity down with it.
      this.deps.logger.warn(
        `Reading the .proto definition of ${entity.metadata.name} failed: ${
          (e as Error).message
        }`,
      );
      return entity;
    }
  }

  private async examine(
    entity: Entity,
    definition: string,
    location: LocationSpec,
    etags: ImportEtags,
  ): Promise<Findings> {
    const { maxCatalogBytes, maxImportFiles, personalDataOption } =
      this.deps.options;
    const size = Buffer.byteLength(definition);
    if (size > maxCatalogBytes) {
      return {
        problems: [
          `The definition is ${size} bytes, over the cap of ${maxCatalogBytes}: not read`,
        ],
      };
    }

    const problems: string[] = [];
    let text = definition;
    const root =
      entity.metadata.annotations?.[ANNOTATION_PROTO_IMPORT_ROOT] ?? '.';
    const source =
      maxImportFiles > 0
        ? importSourceFor(location, root, this.deps, etags)
        : undefined;
    if (source) {
      const beside = await readImportsBeside(definition, source, {
        maxFiles: maxImportFiles,
        maxBytes: maxCatalogBytes,
      });
      text = appendDefinitionFiles(definition, beside.files);
      problems.push(...beside.problems);
    }

    const result = parseProtoDefinition(text, { personalDataOption });
    if (!result.ok) {
      const { file, line, column, message } = result.error;
      const where = line ? `, line ${line}, column ${column}` : '';
      return {
        problems: [...problems, `Syntax error in ${file}${where}: ${message}`],
      };
    }
    const { document } = result;
    if (document.unresolvedImports.length > 0) {
      problems.push(
        `Unresolved imports (personal data in them is not counted): ${document.unresolvedImports
          .map(i => i.path)
          .join(', ')}`,
      );
    }
    return {
      personalData: summarisePersonalData(document),
      problems,
      definition: text !== definition ? text : undefined,
    };
  }
}

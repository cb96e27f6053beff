import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { LocationSpec } from '@backstage/plugin-catalog-node';
import {
  importMatchesFile,
  isWellKnownProtoFile,
  splitDefinitionFiles,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';

/** Reads one import path; undefined when there is no such file. */
export type ImportSource = (importPath: string) => Promise<string | undefined>;

const IMPORT = /^\s*import\s+(?:public\s+|weak\s+)?["']([^"']+)["']\s*;/gm;

export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map(m => m[1]);
}

/**
 * Files read through the URL reader with their etags: the last processing's
 * (sent as `etag`, so an unchanged file is not downloaded again) and this
 * one's (kept for the next).
 */
export type ImportEtags = {
  previous: Record<string, { etag: string; text: string }>;
  next: Record<string, { etag: string; text: string }>;
};

function isUrl(target: string) {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}

/**
 * Where an entity's imports are read from: beside the entity file, under
 * `root` (a relative directory, from the `lunar.app/proto-import-root`
 * annotation). A `file` location reads from disk and never outside the
 * entity file's directory; a `url` location reads through the catalog's URL
 * reader (with the integrations' credentials).
 */
export function importSourceFor(
  location: LocationSpec,
  root: string,
  deps: { reader: UrlReaderService; integrations: ScmIntegrationRegistry },
  etags?: ImportEtags,
): ImportSource | undefined {
  if (location.type === 'file' && !isUrl(location.target)) {
    const directory = path.dirname(location.target);
    return async importPath => {
      let file: string;
      try {
        file = resolveSafeChildPath(directory, path.join(root, importPath));
      } catch {
        return undefined;
      }
      try {
        return await fs.readFile(file, 'utf-8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          return undefined;
        }
        throw e;
      }
    };
  }
  if (location.type === 'url') {
    return async importPath => {
      const url = deps.integrations.resolveUrl({
        url: `./${path.posix.join(root, importPath)}`,
        base: location.target,
      });
      const previous = etags?.previous[url];
      try {
        const response = await deps.reader.readUrl(url, {
          etag: previous?.etag,
        });
        const text = (await response.buffer()).toString('utf-8');
        if (etags && response.etag) {
          etags.next[url] = { etag: response.etag, text };
        }
        return text;
      } catch (e) {
        if (
          e instanceof NotFoundError ||
          (e as Error)?.name === 'NotFoundError'
        ) {
          return undefined;
        }
        if (
          previous &&
          (e instanceof NotModifiedError ||
            (e as Error)?.name === 'NotModifiedError')
        ) {
          etags!.next[url] = previous;
          return previous.text;
        }
        throw e;
      }
    };
  }
  return undefined;
}

export type ImportsBeside = {
  files: { name: string; text: string }[];
  /** Imports that no file of the definition, no well-known type and no file beside provide. */
  missing: string[];
  problems: string[];
};

/**
 * Follows the imports of a definition (and of what they import) that the
 * definition does not contain, reading them from `source`.
 */
export async function readImportsBeside(
  definition: string,
  source: ImportSource,
  limits: { maxFiles: number; maxBytes: number },
): Promise<ImportsBeside> {
  const provided = splitDefinitionFiles(definition).map(f => f.name);
  const result: ImportsBeside = { files: [], missing: [], problems: [] };
  const queue = importsOf(definition);
  const seen = new Set<string>();
  let bytes = Buffer.byteLength(definition);
  while (queue.length > 0) {
    const importPath = queue.shift()!;
    if (
      seen.has(importPath) ||
      isWellKnownProtoFile(importPath) ||
      provided.some(name => importMatchesFile(importPath, name))
    ) {
      continue;
    }
    seen.add(importPath);
    if (result.files.length >= limits.maxFiles) {
      result.missing.push(importPath);
      continue;
    }
    let text: string | undefined;
    try {
      text = await source(importPath);
    } catch (e) {
      result.problems.push(
        `could not read ${importPath}: ${(e as Error).message}`,
      );
    }
    if (text === undefined) {
      result.missing.push(importPath);
      continue;
    }
    bytes += Buffer.byteLength(text);
    if (bytes > limits.maxBytes) {
      result.problems.push(
        `${importPath} not read: the definition with its imports is over ${limits.maxBytes} bytes`,
      );
      result.missing.push(importPath);
      continue;
    }
    result.files.push({ name: importPath, text });
    queue.push(...importsOf(text));
  }
  return result;
}

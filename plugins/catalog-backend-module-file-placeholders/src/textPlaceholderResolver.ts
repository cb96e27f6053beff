import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  PlaceholderResolverParams,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { JsonValue } from '@backstage/types';
import { promises as fs } from 'node:fs';
import path from 'node:path';

function isUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}

/**
 * `$text` that also works for entities read from `file` locations.
 *
 * The stock resolver only forms URLs, so an API entity on disk cannot point
 * at the definition file beside it. For a file location this reads the
 * relative path from the entity file's own directory (and never outside it);
 * for URL locations it behaves like the stock resolver.
 */
export async function textPlaceholderResolver(
  params: PlaceholderResolverParams,
): Promise<JsonValue> {
  const { key, value, baseUrl } = params;
  if (typeof value !== 'string') {
    throw new InputError(
      `Placeholder $${key} expected a string value parameter, in the form of an absolute URL or a relative path`,
    );
  }

  if (!isUrl(value) && !isUrl(baseUrl) && path.isAbsolute(baseUrl)) {
    const directory = path.dirname(baseUrl);
    let file: string;
    try {
      file = resolveSafeChildPath(directory, value);
    } catch {
      throw new InputError(
        `Placeholder $${key} may only read files inside ${directory}, not ${value}`,
      );
    }
    try {
      return await fs.readFile(file, 'utf-8');
    } catch (error) {
      throw new InputError(
        `Placeholder $${key} could not read ${value} beside ${baseUrl}: ${error}`,
      );
    }
  }

  const url = params.resolveUrl(value, baseUrl);
  const data = await params.read(url);
  params.emit(processingResult.refresh(`url:${url}`));
  return data.toString('utf-8');
}

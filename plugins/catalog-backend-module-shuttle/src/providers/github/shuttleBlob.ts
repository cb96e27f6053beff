import {
  parseShuttleYaml,
  ShuttleParseResult,
  tooLarge,
} from '../../lib/parseShuttleYaml';
import { GithubBlob } from './orgRepositories';

/** Whether GitHub's answer for a path is a file (a directory answers `{}`). */
export function isFile(blob: GithubBlob | null): blob is GithubBlob {
  return typeof blob?.byteSize === 'number';
}

/**
 * A shuttle.yaml as GitHub's GraphQL Blob gives it. The size cap is decided
 * on `byteSize`, before the text is looked at.
 */
export function parseShuttleBlob(
  blob: GithubBlob,
  maxFileBytes: number,
): ShuttleParseResult {
  const size = blob.byteSize ?? 0;
  if (size > maxFileBytes) {
    return tooLarge(size, maxFileBytes);
  }
  if (blob.isBinary || typeof blob.text !== 'string') {
    return {
      ok: false,
      error:
        'shuttle.yaml is not text (GitHub sees a binary file); save it as UTF-8',
    };
  }
  if (blob.isTruncated) {
    return {
      ok: false,
      error: `shuttle.yaml could not be read: GitHub sent only part of its ${size} bytes`,
    };
  }
  return parseShuttleYaml(Buffer.from(blob.text, 'utf8'), { maxFileBytes });
}

import { useMemo } from 'react';
import {
  parseProtoDefinition,
  ProtoParseResult,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';

/** What the browser makes of a definition. */
export type ProtoDocumentState =
  | ProtoParseResult
  | { ok: false; tooLarge: { bytes: number; maxBytes: number } };

// The definition tab and the Personal data card read the same definition:
// parse it once.
let last:
  | { definition: string; option: string; result: ProtoParseResult }
  | undefined;

/** UTF-8 size when it may be over `maxBytes`; 0 when it surely is not. */
function bytesOver(text: string, maxBytes: number): number {
  // UTF-8 needs at most 3 bytes per UTF-16 unit: most texts need no count.
  if (text.length * 3 <= maxBytes) {
    return 0;
  }
  const bytes = new TextEncoder().encode(text).length;
  return bytes > maxBytes ? bytes : 0;
}

/** Parses a definition in the browser unless it is over the size cap. */
export function readProtoDocument(
  definition: string,
  option: string,
  maxBytes: number,
): ProtoDocumentState {
  const bytes = bytesOver(definition, maxBytes);
  if (bytes > 0) {
    return { ok: false, tooLarge: { bytes, maxBytes } };
  }
  if (last?.definition !== definition || last.option !== option) {
    last = {
      definition,
      option,
      result: parseProtoDefinition(definition, { personalDataOption: option }),
    };
  }
  return last.result;
}

export function useProtoDocument(
  definition: string,
  option: string,
  maxBytes: number,
): ProtoDocumentState {
  return useMemo(
    () => readProtoDocument(definition, option, maxBytes),
    [definition, option, maxBytes],
  );
}

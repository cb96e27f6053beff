import { common } from 'protobufjs';
import api from 'protobufjs/google/protobuf/api.json';
import descriptor from 'protobufjs/google/protobuf/descriptor.json';
import sourceContext from 'protobufjs/google/protobuf/source_context.json';
import type from 'protobufjs/google/protobuf/type.json';

/**
 * The well-known types (`google/protobuf/*.proto`) as protobufjs ships them:
 * its `common` definitions plus the JSON descriptors in its package. Nothing
 * is fetched; only their names are needed to resolve imports and types.
 */

type JsonNamespace = {
  nested?: Record<string, JsonNamespace>;
  fields?: unknown;
  values?: unknown;
};

const COMMON_FILES = [
  'any',
  'duration',
  'empty',
  'field_mask',
  'struct',
  'timestamp',
  'wrappers',
].map(name => `google/protobuf/${name}.proto`);

const JSON_FILES: Record<string, JsonNamespace> = {
  'google/protobuf/api.proto': api as JsonNamespace,
  'google/protobuf/descriptor.proto': descriptor as JsonNamespace,
  'google/protobuf/source_context.proto': sourceContext as JsonNamespace,
  'google/protobuf/type.proto': type as JsonNamespace,
};

export type WellKnownTypes = {
  files: Set<string>;
  /** Full name (no leading dot) to kind. */
  types: Map<string, 'message' | 'enum'>;
};

function collect(
  ns: JsonNamespace | undefined,
  prefix: string,
  into: Map<string, 'message' | 'enum'>,
) {
  for (const [name, child] of Object.entries(ns?.nested ?? {})) {
    const fullName = prefix ? `${prefix}.${name}` : name;
    if (child.fields) {
      into.set(fullName, 'message');
    } else if (child.values) {
      into.set(fullName, 'enum');
    }
    collect(child, fullName, into);
  }
}

let cached: WellKnownTypes | undefined;

/** @internal */
export function wellKnownTypes(): WellKnownTypes {
  if (!cached) {
    const types = new Map<string, 'message' | 'enum'>();
    for (const file of COMMON_FILES) {
      collect((common.get(file) ?? undefined) as JsonNamespace, '', types);
    }
    for (const json of Object.values(JSON_FILES)) {
      collect(json, '', types);
    }
    cached = {
      files: new Set([...COMMON_FILES, ...Object.keys(JSON_FILES)]),
      types,
    };
  }
  return cached;
}

/** True for `google/protobuf/*.proto` files shipped with protobufjs. @public */
export function isWellKnownProtoFile(path: string): boolean {
  return wellKnownTypes().files.has(path);
}

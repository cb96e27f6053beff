import { Config } from '@backstage/config';
import { DEFAULT_PERSONAL_DATA_OPTION } from '@internal/backstage-plugin-api-docs-module-protobuf-common';

/** @public */
export type ProtobufCatalogOptions = {
  personalDataOption: string;
  maxCatalogBytes: number;
  maxImportFiles: number;
};

export const DEFAULT_MAX_CATALOG_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_IMPORT_FILES = 50;

/** Reads `protobuf.*`; every key has a default. */
export function readProtobufCatalogOptions(
  config: Config,
): ProtobufCatalogOptions {
  const section = config.getOptionalConfig('protobuf');
  return {
    personalDataOption:
      section?.getOptionalString('personalDataOption') ||
      DEFAULT_PERSONAL_DATA_OPTION,
    maxCatalogBytes:
      section?.getOptionalNumber('maxCatalogBytes') ??
      DEFAULT_MAX_CATALOG_BYTES,
    maxImportFiles:
      section?.getOptionalNumber('maxImportFiles') ?? DEFAULT_MAX_IMPORT_FILES,
  };
}

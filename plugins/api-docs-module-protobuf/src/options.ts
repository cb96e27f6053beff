import { Config } from '@backstage/config';
import {
  DEFAULT_MAX_BROWSER_BYTES,
  DEFAULT_PERSONAL_DATA_OPTION,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';

/** How the widget and the card read definitions (`protobuf.*` config). */
export type ProtobufWidgetOptions = {
  personalDataOption: string;
  maxBrowserBytes: number;
};

export const defaultWidgetOptions: ProtobufWidgetOptions = {
  personalDataOption: DEFAULT_PERSONAL_DATA_OPTION,
  maxBrowserBytes: DEFAULT_MAX_BROWSER_BYTES,
};

export function readProtobufWidgetOptions(
  config: Config | undefined,
): ProtobufWidgetOptions {
  return {
    personalDataOption:
      config?.getOptionalString('protobuf.personalDataOption') ||
      defaultWidgetOptions.personalDataOption,
    maxBrowserBytes:
      config?.getOptionalNumber('protobuf.maxBrowserBytes') ??
      defaultWidgetOptions.maxBrowserBytes,
  };
}

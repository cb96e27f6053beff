import { useMemo } from 'react';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { ProtobufWidgetOptions, readProtobufWidgetOptions } from '../options';

/** `protobuf.*` from the app config. */
export function useProtobufOptions(): ProtobufWidgetOptions {
  const config = useApi(configApiRef);
  return useMemo(() => readProtobufWidgetOptions(config), [config]);
}

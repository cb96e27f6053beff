import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  ApiDocsConfig,
  apiDocsConfigRef,
  defaultDefinitionWidgets,
} from '@backstage/plugin-api-docs';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGrpcApi } from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { ProtobufWidgetOptions, readProtobufWidgetOptions } from './options';
import { grpcDefinitionWidget } from './widget';

/** The stock definition widgets with ours for `grpc`. */
export function apiDocsConfigWithProtobuf(
  options: ProtobufWidgetOptions,
): ApiDocsConfig {
  const widgets = [
    grpcDefinitionWidget(options),
    ...defaultDefinitionWidgets().filter(w => w.type !== 'grpc'),
  ];
  return {
    getApiDefinitionWidget: apiEntity =>
      widgets.find(w => w.type === apiEntity.spec.type),
  };
}

/**
 * Replaces the API Docs plugin's `api:api-docs/config`: its definition
 * widgets, with the one for `spec.type: grpc` rendering .proto text (the
 * stock one only reads protoc-gen-doc JSON). This release of API Docs has no
 * other way to add a widget in the new frontend system.
 */
export const protobufApiDocsConfig = ApiBlueprint.make({
  name: 'config',
  params: defineParams =>
    defineParams({
      api: apiDocsConfigRef,
      deps: { configApi: configApiRef },
      factory: ({ configApi }) =>
        apiDocsConfigWithProtobuf(readProtobufWidgetOptions(configApi)),
    }),
});

/**
 * The "Personal data" card on gRPC API pages, beside About: what an auditor
 * looks for first.
 */
export const personalDataEntityCard = EntityCardBlueprint.make({
  name: 'personal-data',
  params: {
    type: 'info',
    filter: isGrpcApi,
    loader: () =>
      import('./components/PersonalDataCard').then(m => <m.PersonalDataCard />),
  },
});

/** @public */
export const protobufApiDocsModule = createFrontendModule({
  pluginId: 'api-docs',
  extensions: [protobufApiDocsConfig, personalDataEntityCard],
});

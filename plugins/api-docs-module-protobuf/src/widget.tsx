import { lazy, Suspense } from 'react';
import { Progress } from '@backstage/core-components';
import { ApiDefinitionWidget } from '@backstage/plugin-api-docs';
import { ProtobufWidgetOptions } from './options';

// protobufjs and the views load with the first gRPC definition shown.
const LazyProtoDefinitionWidget = lazy(() =>
  import('./components/ProtoDefinition').then(m => ({
    default: m.ProtoDefinitionWidget,
  })),
);

/** The API Docs definition widget for `spec.type: grpc`. */
export function grpcDefinitionWidget(
  options: ProtobufWidgetOptions,
): ApiDefinitionWidget {
  return {
    type: 'grpc',
    title: 'gRPC',
    rawLanguage: 'protobuf',
    component: definition => (
      <Suspense fallback={<Progress />}>
        <LazyProtoDefinitionWidget
          definition={typeof definition === 'string' ? definition : ''}
          options={options}
        />
      </Suspense>
    ),
  };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';

/** A .proto file of the example catalog (catalog/apis). */
export const catalogProto = (name: string) =>
  readFileSync(
    path.resolve(__dirname, '../../../../catalog/apis', `${name}.proto`),
    'utf-8',
  );

/** A gRPC API entity as the catalog serves it. */
export const grpcApiEntity = (
  name: string,
  definition: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name, annotations },
  spec: {
    type: 'grpc',
    lifecycle: 'production',
    owner: 'squad-mercury',
    definition,
  },
});

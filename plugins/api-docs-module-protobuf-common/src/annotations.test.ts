import { Entity } from '@backstage/catalog-model';
import { isGrpcApi, readPersonalDataAnnotations } from './annotations';

const api = (
  type: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'x', annotations },
  spec: { type, lifecycle: 'production', owner: 'squad-nasa', definition: '' },
});

describe('annotations', () => {
  it('knows gRPC APIs', () => {
    expect(isGrpcApi(api('grpc'))).toBe(true);
    expect(isGrpcApi(api('openapi'))).toBe(false);
    expect(isGrpcApi({ ...api('grpc'), kind: 'Component' })).toBe(false);
  });

  it('reads what the catalog module wrote', () => {
    expect(readPersonalDataAnnotations(api('grpc'))).toBeUndefined();
    expect(
      readPersonalDataAnnotations(
        api('grpc', {
          'lunar.app/personal-data-fields': '3',
          'lunar.app/personal-data-messages': 'Account, Booking',
        }),
      ),
    ).toEqual({ fields: 3, messages: ['Account', 'Booking'] });
    expect(
      readPersonalDataAnnotations(
        api('grpc', { 'lunar.app/proto-problem': 'too large' }),
      ),
    ).toEqual({ fields: 0, messages: [], problem: 'too large' });
    expect(
      readPersonalDataAnnotations(
        api('grpc', { 'lunar.app/personal-data-fields': 'many' }),
      ),
    ).toBeUndefined();
  });
});

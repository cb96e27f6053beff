import { Entity } from '@backstage/catalog-model';
import { personalDataEntityTransformer } from './search';

const api = (
  type: string,
  annotations: Record<string, string>,
  description?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'payment-grpc', description, annotations },
  spec: { type, lifecycle: 'production', owner: 'squad-pioneer' },
});

describe('personalDataEntityTransformer', () => {
  it('says in the search text that a gRPC API carries personal data', () => {
    const document = personalDataEntityTransformer(
      api(
        'grpc',
        {
          'lunar.app/personal-data-fields': '4',
          'lunar.app/personal-data-messages': 'Creditor,CreatePaymentRequest',
        },
        'Create, cancel and follow outgoing payments.',
      ),
    );
    expect(document).toMatchObject({
      title: 'payment-grpc',
      kind: 'API',
      type: 'grpc',
      text: 'Create, cancel and follow outgoing payments. : Carries personal data: 4 fields in Creditor, CreatePaymentRequest',
    });
  });

  it('keeps the stock document otherwise', () => {
    expect(
      personalDataEntityTransformer(
        api('grpc', { 'lunar.app/personal-data-fields': '0' }, 'Rates.'),
      ).text,
    ).toBe('Rates.');
    expect(
      personalDataEntityTransformer(
        api('openapi', { 'lunar.app/personal-data-fields': '2' }),
      ).text,
    ).toBe('');
  });
});

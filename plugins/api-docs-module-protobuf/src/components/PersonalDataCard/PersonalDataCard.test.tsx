import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import { catalogProto, grpcApiEntity } from '../../__testUtils__/catalog';
import { PersonalDataCard } from './PersonalDataCard';

const render = (entity: Entity, config = {}) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <PersonalDataCard />
    </EntityProvider>,
    { config },
  );

describe('PersonalDataCard', () => {
  it('lists the personal data fields of payment-grpc', async () => {
    await render(grpcApiEntity('payment-grpc', catalogProto('payment-grpc')));
    expect(screen.getByText('Personal data')).toBeInTheDocument();
    expect(
      screen.getByText('4 fields in 2 messages, marked (gdpr_sensitive)'),
    ).toBeInTheDocument();
    const items = (message: string) =>
      within(screen.getByRole('list', { name: `Personal data in ${message}` }))
        .getAllByRole('listitem')
        .map(item => item.textContent);
    expect(items('Creditor')).toEqual([
      'name string',
      'iban string',
      'address string',
    ]);
    expect(items('CreatePaymentRequest')).toEqual([
      "message stringText shown on the creditor's statement.",
    ]);
  });

  it('says so when an API has no personal data', async () => {
    await render(
      grpcApiEntity('exchange-rate-grpc', catalogProto('exchange-rate-grpc')),
    );
    expect(
      screen.getByText(
        'No personal data: no field is marked (gdpr_sensitive).',
      ),
    ).toBeInTheDocument();
  });

  it('reads the option name from the config', async () => {
    await render(
      grpcApiEntity(
        'x',
        'syntax = "proto3";\nmessage Customer { string email = 1 [(pii) = true]; }\n',
      ),
      { protobuf: { personalDataOption: 'pii' } },
    );
    expect(
      screen.getByText('1 field in 1 message, marked (pii)'),
    ).toBeInTheDocument();
  });

  it('points at a syntax error', async () => {
    await render(
      grpcApiEntity(
        'broken-grpc',
        'syntax = "proto3";\nmessage A {\n  string = 1;\n}\n',
      ),
    );
    expect(
      screen.getByText(
        /could not be parsed \(definition\.proto, line 3, column 10\): illegal name '='/,
      ),
    ).toBeInTheDocument();
  });

  it('falls back to the catalog counts over the size cap', async () => {
    await render(
      grpcApiEntity('bankaccount-grpc', catalogProto('bankaccount-grpc'), {
        'lunar.app/personal-data-fields': '3',
        'lunar.app/personal-data-messages': 'Account,Booking',
      }),
      { protobuf: { maxBrowserBytes: 100 } },
    );
    expect(
      screen.getByText(
        'The catalog counted 3 fields in Account, Booking (the definition is too large to list them here).',
      ),
    ).toBeInTheDocument();
  });
});

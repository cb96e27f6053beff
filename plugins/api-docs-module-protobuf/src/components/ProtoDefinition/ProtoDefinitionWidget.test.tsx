import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogProto, grpcApiEntity } from '../../__testUtils__/catalog';
import { defaultWidgetOptions } from '../../options';
import { ProtoDefinitionWidget } from './ProtoDefinitionWidget';

const render = (definition: string, options = defaultWidgetOptions) =>
  renderInTestApp(
    <ProtoDefinitionWidget definition={definition} options={options} />,
  );

const section = (name: string) => screen.getByRole('region', { name });
const row = (region: HTMLElement, name: RegExp) =>
  within(region).getByRole('row', { name });

describe('ProtoDefinitionWidget on the catalog', () => {
  beforeAll(() => {
    Element.prototype.scrollIntoView = jest.fn();
  });

  it('renders bankaccount-grpc with its services, messages, enums and personal data', async () => {
    await render(catalogProto('bankaccount-grpc'));
    expect(
      screen.getByText(/package lunar\.bankaccount\.v1 · proto3/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /3 fields carry personal data \(marked \(gdpr_sensitive\)\) in Account, Booking/,
      ),
    ).toBeInTheDocument();

    const service = section('service BankAccountService');
    const getAccount = row(service, /^GetAccount /);
    expect(
      within(getAccount).getByRole('link', { name: 'Account' }),
    ).toHaveAttribute('href', '#proto-lunar.bankaccount.v1.Account');
    expect(getAccount).toHaveTextContent(
      'Returns one account with its current balance.',
    );

    const account = section('message Account');
    const iban = row(account, /iban/);
    expect(iban).toHaveTextContent(
      '4ibanPersonal datastringDanish registration and account number.',
    );
    expect(row(account, /counterparty|account_number/)).toHaveTextContent(
      'Personal data',
    );
    expect(row(account, /^1 id/)).not.toHaveTextContent('Personal data');
    // A well-known type, resolved without the network, not a link
    expect(row(account, /opened_at/)).toHaveTextContent(
      'google.protobuf.Timestamp',
    );
    expect(
      within(row(account, /opened_at/)).queryByRole('link'),
    ).not.toBeInTheDocument();

    expect(
      row(section('message ReserveFundsResponse'), /error_code/),
    ).toHaveTextContent('oneof result');
    expect(
      row(section('message ListAccountsResponse'), /accounts/),
    ).toHaveTextContent('repeated');
    expect(
      row(section('enum AccountStatus'), /ACCOUNT_STATUS_BLOCKED/),
    ).toHaveTextContent('ACCOUNT_STATUS_BLOCKED2');
  });

  it('moves to a message from a method', async () => {
    await render(catalogProto('bankaccount-grpc'));
    const service = section('service BankAccountService');
    await userEvent.click(
      within(row(service, /^ListBookings /)).getByRole('link', {
        name: 'ListBookingsResponse',
      }),
    );
    expect(Element.prototype.scrollIntoView).toHaveBeenCalled();
  });

  it('marks streaming and says when there is no personal data', async () => {
    await render(catalogProto('exchange-rate-grpc'));
    expect(
      screen.getByText(
        'No personal data: no field is marked (gdpr_sensitive).',
      ),
    ).toBeInTheDocument();
    const streamRates = row(
      section('service ExchangeRateService'),
      /^StreamRates /,
    );
    expect(streamRates).toHaveTextContent('StreamRatesRequeststreamRate');
    expect(screen.queryByText('Personal data')).not.toBeInTheDocument();
  });

  it('searches and narrows to personal data', async () => {
    await render(catalogProto('payment-grpc'));
    const search = screen.getByRole('searchbox', {
      name: 'Search services, messages, fields',
    });
    await userEvent.type(search, 'creditor');
    expect(section('message Creditor')).toBeInTheDocument();
    // Found by a field: only that field is shown
    const payment = section('message Payment');
    expect(within(payment).getAllByRole('row')).toHaveLength(2);
    expect(payment).toHaveTextContent('1 of 11 fields shown');
    expect(
      screen.queryByRole('region', { name: 'message GetPaymentRequest' }),
    ).not.toBeInTheDocument();

    await userEvent.clear(search);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Personal data only' }),
    );
    expect(
      screen.queryByRole('region', { name: /^service/ }),
    ).not.toBeInTheDocument();
    expect(
      screen
        .getAllByRole('region', { name: /^(message|enum|service) / })
        .map(r => r.getAttribute('aria-label')),
    ).toEqual(['message Creditor', 'message CreatePaymentRequest']);
    expect(
      within(section('message Creditor')).getAllByRole('row'),
    ).toHaveLength(4);

    await userEvent.type(search, 'nothing-like-this');
    expect(screen.getByText('Nothing matches.')).toBeInTheDocument();
  });

  it('uses the configured option name', async () => {
    await render(catalogProto('bankaccount-grpc'), {
      ...defaultWidgetOptions,
      personalDataOption: 'pii',
    });
    expect(
      screen.getByText('No personal data: no field is marked (pii).'),
    ).toBeInTheDocument();
  });
});

describe('ProtoDefinitionWidget on bad input', () => {
  it('shows a syntax error with line and column above the raw text', async () => {
    const broken = catalogProto('credit-check-grpc').replace(
      'int32 household_adults = 5;',
      'int32 household_adults = ;',
    );
    const line =
      broken.split('\n').findIndex(l => l.includes('household_adults')) + 1;
    await render(broken);
    expect(
      screen.getByText('The definition could not be parsed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `definition.proto, line ${line}, column 28: illegal id ';'`,
      ),
    ).toBeInTheDocument();
    const raw = screen.getByLabelText('Raw definition');
    expect(raw).toHaveTextContent('service CreditCheckService');
    expect(
      within(raw).getByText('int32 household_adults = ;'),
    ).toBeInTheDocument();
  });

  it('names an unresolved import and renders the rest', async () => {
    await render(`syntax = "proto3";
package demo.v1;
import "lunar/common/v1/money.proto";
message Price {
  lunar.common.v1.Money amount = 1;
  string iban = 2 [(gdpr_sensitive) = true];
}
`);
    expect(screen.getByText(/Not resolved:/)).toHaveTextContent(
      'Not resolved: import "lunar/common/v1/money.proto". Types from it are shown by name only',
    );
    const price = section('message Price');
    expect(row(price, /amount/)).toHaveTextContent('lunar.common.v1.Money');
    expect(row(price, /iban/)).toHaveTextContent('Personal data');
  });

  it('does not parse a definition over the cap and shows the catalog counts', async () => {
    const entity = grpcApiEntity('big-grpc', 'x', {
      'lunar.app/personal-data-fields': '12',
      'lunar.app/personal-data-messages': 'Customer,Account',
    });
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <ProtoDefinitionWidget
          definition={catalogProto('payment-grpc')}
          options={{ ...defaultWidgetOptions, maxBrowserBytes: 1000 }}
        />
      </EntityProvider>,
    );
    expect(
      screen.getByText(/over the 1 KiB the browser parses/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The catalog counted 12 personal data fields in Customer, Account.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: /^(message|enum|service) / }),
    ).not.toBeInTheDocument();
  });
});

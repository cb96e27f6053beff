import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appendDefinitionFiles } from '../bundle';
import { ProtoDocument, ProtoMessage } from '../model';
import { parseProtoDefinition, summarisePersonalData } from './parseProto';

// The example catalog's own gRPC APIs (catalog/apis/*.proto).
const catalogProto = (name: string) =>
  readFileSync(
    path.resolve(__dirname, '../../../../catalog/apis', `${name}.proto`),
    'utf-8',
  );

function parsed(definition: string, option?: string): ProtoDocument {
  const result = parseProtoDefinition(definition, {
    personalDataOption: option,
  });
  if (!result.ok) {
    throw new Error(`expected a document, got ${JSON.stringify(result.error)}`);
  }
  return result.document;
}

const message = (doc: ProtoDocument, name: string) =>
  doc.types.find(t => t.displayName === name) as ProtoMessage;

describe('parseProtoDefinition on the catalog', () => {
  it('reads bankaccount-grpc: services, methods, messages, enums, oneofs', () => {
    const doc = parsed(catalogProto('bankaccount-grpc'));
    expect(doc.packages).toEqual(['lunar.bankaccount.v1']);
    expect(doc.files[0].syntax).toBe('proto3');
    expect(doc.services.map(s => s.name)).toEqual(['BankAccountService']);
    const getAccount = doc.services[0].methods[0];
    expect(getAccount).toMatchObject({
      name: 'GetAccount',
      comment: 'Returns one account with its current balance.',
      request: {
        name: 'GetAccountRequest',
        ref: 'lunar.bankaccount.v1.GetAccountRequest',
      },
      response: { name: 'Account', ref: 'lunar.bankaccount.v1.Account' },
      requestStream: false,
      responseStream: false,
    });

    const account = message(doc, 'Account');
    expect(account.fields.map(f => [f.number, f.name, f.type.name])).toEqual([
      [1, 'id', 'string'],
      [2, 'owner_user_id', 'string'],
      [3, 'name', 'string'],
      [4, 'iban', 'string'],
      [5, 'account_number', 'string'],
      [6, 'balance', 'Money'],
      [7, 'available', 'Money'],
      [8, 'status', 'AccountStatus'],
      [9, 'opened_at', 'google.protobuf.Timestamp'],
    ]);
    const iban = account.fields.find(f => f.name === 'iban')!;
    expect(iban).toMatchObject({
      sensitive: true,
      comment: 'Danish registration and account number.',
    });
    // The well-known type resolves without the network
    expect(account.fields[8].type.ref).toBe('google.protobuf.Timestamp');
    expect(account.fields[7].type.ref).toBe(
      'lunar.bankaccount.v1.AccountStatus',
    );
    expect(doc.unresolvedImports).toEqual([]);
    expect(doc.unresolvedTypes).toEqual([]);

    const status = doc.types.find(t => t.name === 'AccountStatus');
    expect(status).toMatchObject({
      kind: 'enum',
      values: expect.arrayContaining([
        { name: 'ACCOUNT_STATUS_CLOSED', number: 3 },
      ]),
    });
    const reserve = message(doc, 'ReserveFundsResponse');
    expect(reserve.fields.map(f => [f.name, f.oneof])).toEqual([
      ['reservation', 'result'],
      ['error_code', 'result'],
    ]);
    const list = message(doc, 'ListAccountsResponse');
    expect(list.fields[0].label).toBe('repeated');
  });

  it('counts the personal data of every catalog API', () => {
    const summary = (name: string) =>
      summarisePersonalData(parsed(catalogProto(name)));
    expect(summary('bankaccount-grpc')).toEqual({
      fields: 3,
      messages: ['Account', 'Booking'],
    });
    expect(summary('payment-grpc')).toEqual({
      fields: 4,
      messages: ['Creditor', 'CreatePaymentRequest'],
    });
    expect(summary('credit-check-grpc')).toEqual({
      fields: 4,
      messages: ['Applicant', 'CreditDecision'],
    });
    expect(summary('exchange-rate-grpc')).toEqual({ fields: 0, messages: [] });
  });

  it('marks server streaming on exchange-rate-grpc', () => {
    const doc = parsed(catalogProto('exchange-rate-grpc'));
    const stream = doc.services[0].methods.find(m => m.name === 'StreamRates');
    expect(stream).toMatchObject({
      requestStream: false,
      responseStream: true,
    });
  });

  it('uses the configured option name', () => {
    const doc = parsed(catalogProto('bankaccount-grpc'), 'pii');
    expect(doc.personalData).toEqual([]);
    expect(doc.personalDataOption).toBe('pii');
  });
});

describe('parseProtoDefinition on other shapes', () => {
  it('reads nested types, maps, proto3 optional and qualified options', () => {
    const doc = parsed(`syntax = "proto3";
package demo.v1;
message Customer {
  // Email address for receipts.
  optional string email = 1 [(lunar.options.gdpr_sensitive) = true];
  map<string, Address> addresses = 2;
  Address.Kind preferred = 3;
  message Address {
    enum Kind { KIND_UNSPECIFIED = 0; KIND_HOME = 1; }
    string street = 1 [(lunar.field) = { gdpr_sensitive: true }];
  }
}
`);
    const customer = message(doc, 'Customer');
    expect(customer.fields[0]).toMatchObject({
      name: 'email',
      label: 'optional',
      oneof: undefined,
      sensitive: true,
      comment: 'Email address for receipts.',
    });
    expect(customer.fields[1]).toMatchObject({
      label: 'map',
      keyType: 'string',
      type: { name: 'Address', ref: 'demo.v1.Customer.Address' },
    });
    expect(customer.fields[2].type.ref).toBe('demo.v1.Customer.Address.Kind');
    expect(customer.nested.map(n => n.displayName)).toEqual([
      'Customer.Address',
    ]);
    expect(doc.personalData.map(p => `${p.message}.${p.field}`)).toEqual([
      'Customer.email',
      'Customer.Address.street',
    ]);
  });

  it('names an unresolved import and renders the rest', () => {
    const doc = parsed(`syntax = "proto3";
package demo.v1;
import "lunar/common/v1/money.proto";
import "google/protobuf/empty.proto";
service Prices {
  rpc Get(google.protobuf.Empty) returns (lunar.common.v1.Money);
}
`);
    expect(doc.unresolvedImports).toEqual([
      { file: 'definition.proto', path: 'lunar/common/v1/money.proto' },
    ]);
    expect(doc.unresolvedTypes).toEqual(['lunar.common.v1.Money']);
    expect(doc.services[0].methods[0].request.ref).toBe(
      'google.protobuf.Empty',
    );
  });

  it('resolves an import given as another file of the definition', () => {
    const definition = appendDefinitionFiles(
      `syntax = "proto3";
package demo.v1;
import "lunar/common/v1/money.proto";
message Price { lunar.common.v1.Money amount = 1; }
`,
      [
        {
          name: 'lunar/common/v1/money.proto',
          text: `syntax = "proto3";
package lunar.common.v1;
message Money { int64 amount_minor = 1; string currency = 2; }
`,
        },
      ],
    );
    const doc = parsed(definition);
    expect(doc.unresolvedImports).toEqual([]);
    expect(doc.packages).toEqual(['demo.v1', 'lunar.common.v1']);
    expect(message(doc, 'Price').fields[0].type.ref).toBe(
      'lunar.common.v1.Money',
    );
    expect(doc.types.map(t => [t.fullName, t.file])).toEqual([
      ['demo.v1.Price', 'definition.proto'],
      ['lunar.common.v1.Money', 'lunar/common/v1/money.proto'],
    ]);
  });
});

describe('parseProtoDefinition on broken files', () => {
  it('gives the line and column of a syntax error', () => {
    const result = parseProtoDefinition(
      'syntax = "proto3";\nmessage A {\n  string x = 1\n  int32 y = 2;\n}\n',
    );
    expect(result).toEqual({
      ok: false,
      error: {
        message: "illegal token 'int32', ';' expected",
        file: 'definition.proto',
        line: 4,
        column: 3,
        definitionLine: 4,
      },
    });
  });

  it('places an error in a later file of the definition', () => {
    const result = parseProtoDefinition(
      appendDefinitionFiles('syntax = "proto3";\nmessage A {}\n', [
        { name: 'b.proto', text: 'syntax = "proto3";\nmessage B { = }\n' },
      ]),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({
      file: 'b.proto',
      line: 2,
      column: 13,
      definitionLine: 5,
    });
  });

  it('reports a broken catalog file at the line that was broken', () => {
    // bankaccount-grpc.proto with the `;` after the iban field removed
    const broken = catalogProto('bankaccount-grpc').replace(
      'string iban = 4 [(gdpr_sensitive) = true];',
      'string iban = 4 [(gdpr_sensitive) = true]',
    );
    const lines = broken.split('\n');
    const next = lines.findIndex(l => l.includes('account_number = 5'));
    const result = parseProtoDefinition(broken);
    expect(!result.ok && result.error).toMatchObject({
      line: next + 1,
      column: 3,
    });
  });

  it('gives the position of an unterminated string', () => {
    const result = parseProtoDefinition(
      'syntax = "proto3";\nmessage A {\n  string x = 1 [(a) = "oops];\n}\n',
    );
    expect(!result.ok && result.error).toMatchObject({
      message: 'illegal string',
      line: 3,
      column: 23,
    });
  });

  it('finds the token on its line when the same word comes earlier', () => {
    const result = parseProtoDefinition(
      'syntax = "proto3";\n// a\n// b\nmessage A {\n  string string = 1 string;\n}\n',
    );
    expect(!result.ok && result.error).toMatchObject({ line: 5, column: 21 });
  });

  it('says when a block is not closed', () => {
    const result = parseProtoDefinition(
      'syntax = "proto3";\nmessage A {\n  string x = 1;\n\n',
    );
    expect(!result.ok && result.error).toMatchObject({
      message: 'unexpected end of file: a block is not closed',
      line: 3,
      column: 16,
    });
  });

  it('reports duplicate names without inventing a position', () => {
    const result = parseProtoDefinition('message A {}\nmessage A {}\n');
    expect(!result.ok && result.error).toEqual({
      message: "duplicate name 'A' in Root",
      file: 'definition.proto',
    });
  });

  it('treats an empty definition as empty, not as an error', () => {
    const doc = parsed('');
    expect(doc.services).toEqual([]);
    expect(doc.types).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  CatalogProcessorCache,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { splitDefinitionFiles } from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { ProtobufCatalogOptions } from '../options';
import { ProtobufPersonalDataProcessor } from './ProtobufPersonalDataProcessor';

const CATALOG_APIS = path.resolve(__dirname, '../../../../catalog/apis');

const defaults: ProtobufCatalogOptions = {
  personalDataOption: 'gdpr_sensitive',
  maxCatalogBytes: 5 * 1024 * 1024,
  maxImportFiles: 50,
};

/** The processor's cache for one entity, kept in memory. */
function memoryCache(): CatalogProcessorCache & { data: Record<string, any> } {
  const data: Record<string, any> = {};
  return {
    data,
    get: async (key: string) => data[key],
    set: async (key: string, value: any) => {
      data[key] = value;
    },
  } as any;
}

type ReadUrl = (
  url: string,
  options?: { etag?: string },
) => Promise<string | { text: string; etag: string }>;

function processor(
  options: Partial<ProtobufCatalogOptions> = {},
  readUrl: ReadUrl = async url => {
    throw new NotFoundError(url);
  },
) {
  const p = new ProtobufPersonalDataProcessor({
    reader: {
      readUrl: jest.fn(async (url: string, opts?: { etag?: string }) => {
        const read = await readUrl(url, opts);
        const { text, etag } =
          typeof read === 'string' ? { text: read, etag: undefined } : read;
        return { buffer: async () => Buffer.from(text), etag };
      }),
      readTree: jest.fn(),
      search: jest.fn(),
    } as any,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    logger: mockServices.logger.mock(),
    options: { ...defaults, ...options },
  });
  return {
    postProcessEntity: (
      entity: Entity,
      location: LocationSpec,
      cache = memoryCache(),
    ) => p.postProcessEntity(entity, location, jest.fn(), cache),
  };
}

function grpcApi(
  name: string,
  definition: string,
  extra: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name, tags: ['grpc'], ...extra },
    spec: {
      type: 'grpc',
      lifecycle: 'production',
      owner: 'squad-nasa',
      definition,
    },
  };
}

/** An API of the example catalog as the catalog holds it after `$text`. */
function catalogApi(name: string): [Entity, LocationSpec] {
  const definition = readFileSync(
    path.join(CATALOG_APIS, `${name}.proto`),
    'utf-8',
  );
  return [
    grpcApi(name, definition, { tags: ['grpc', 'gdpr'] }),
    { type: 'file', target: path.join(CATALOG_APIS, `${name}.yaml`) },
  ];
}

const annotationsOf = (entity: Entity) => entity.metadata.annotations ?? {};

describe('ProtobufPersonalDataProcessor on the catalog', () => {
  it.each([
    ['bankaccount-grpc', '3', 'Account,Booking'],
    ['payment-grpc', '4', 'Creditor,CreatePaymentRequest'],
    ['credit-check-grpc', '4', 'Applicant,CreditDecision'],
  ])('annotates %s and tags it', async (name, fields, messages) => {
    const [entity, location] = catalogApi(name);
    const result = await processor().postProcessEntity(entity, location);
    expect(annotationsOf(result)).toEqual({
      'lunar.app/personal-data-fields': fields,
      'lunar.app/personal-data-messages': messages,
    });
    expect(result.metadata.tags).toEqual(['grpc', 'gdpr', 'personal-data']);
    // Nothing imported beside: the definition stays as written
    expect(result.spec?.definition).toBe(entity.spec?.definition);
  });

  it('counts zero on exchange-rate-grpc and does not tag it', async () => {
    const [entity, location] = catalogApi('exchange-rate-grpc');
    const result = await processor().postProcessEntity(entity, location);
    expect(annotationsOf(result)).toEqual({
      'lunar.app/personal-data-fields': '0',
    });
    expect(result.metadata.tags).toEqual(['grpc', 'gdpr']);
  });

  it('uses the configured option name', async () => {
    const [entity, location] = catalogApi('bankaccount-grpc');
    const result = await processor({
      personalDataOption: 'pii',
    }).postProcessEntity(entity, location);
    expect(annotationsOf(result)['lunar.app/personal-data-fields']).toBe('0');
  });
});

describe('ProtobufPersonalDataProcessor on bad input', () => {
  const location: LocationSpec = {
    type: 'url',
    target: 'https://example.com/a/api.yaml',
  };

  it('keeps a broken definition in the catalog with the syntax error', async () => {
    const [entity] = catalogApi('bankaccount-grpc');
    const broken = (entity.spec!.definition as string).replace(
      'string iban = 4 [(gdpr_sensitive) = true];',
      'string iban = 4 [(gdpr_sensitive) = true]',
    );
    const result = await processor().postProcessEntity(
      { ...entity, spec: { ...entity.spec, definition: broken } },
      location,
    );
    const line =
      broken.split('\n').findIndex(l => l.includes('account_number = 5')) + 1;
    expect(annotationsOf(result)).toEqual({
      'lunar.app/proto-problem': `Syntax error in definition.proto, line ${line}, column 3: illegal token 'string', ';' expected`,
    });
    expect(result.metadata.tags).toEqual(['grpc', 'gdpr']);
  });

  it('does not parse a definition over the cap', async () => {
    const result = await processor({ maxCatalogBytes: 10 }).postProcessEntity(
      grpcApi('big', 'syntax = "proto3";\nmessage A {}\n'),
      location,
    );
    expect(annotationsOf(result)).toEqual({
      'lunar.app/proto-problem':
        'The definition is 32 bytes, over the cap of 10: not read',
    });
  });

  it('leaves other APIs alone', async () => {
    const entity: Entity = {
      ...grpcApi('http', 'openapi: 3.0.0'),
      spec: { type: 'openapi', definition: 'openapi: 3.0.0' },
    };
    await expect(processor().postProcessEntity(entity, location)).resolves.toBe(
      entity,
    );
  });
});

describe('ProtobufPersonalDataProcessor imports', () => {
  const mockDir = createMockDirectory();
  const api = `syntax = "proto3";
package lunar.customer.v1;
import "lunar/common/v1/person.proto";
import "google/protobuf/timestamp.proto";
message Customer {
  string id = 1;
  lunar.common.v1.Person person = 2;
  string email = 3 [(gdpr_sensitive) = true];
}
`;
  const person = `syntax = "proto3";
package lunar.common.v1;
import "lunar/common/v1/address.proto";
import "lunar/common/v1/missing.proto";
message Person {
  string full_name = 1 [(gdpr_sensitive) = true];
  Address address = 2;
}
`;
  const address = `syntax = "proto3";
package lunar.common.v1;
message Address { string street = 1 [(gdpr_sensitive) = true]; }
`;

  it('reads imports beside a file entity, follows theirs and names the missing one', async () => {
    mockDir.setContent({
      'apis/customer.yaml': 'kind: API',
      'apis/lunar/common/v1/person.proto': person,
      'apis/lunar/common/v1/address.proto': address,
      'secret.proto': 'message Secret {}',
    });
    const result = await processor().postProcessEntity(
      grpcApi('customer-grpc', api),
      { type: 'file', target: mockDir.resolve('apis/customer.yaml') },
    );
    expect(annotationsOf(result)).toEqual({
      'lunar.app/personal-data-fields': '3',
      'lunar.app/personal-data-messages': 'Customer,Person,Address',
      'lunar.app/proto-problem':
        'Unresolved imports (personal data in them is not counted): lunar/common/v1/missing.proto',
    });
    // The widget gets the files too
    expect(
      splitDefinitionFiles(result.spec!.definition as string).map(f => f.name),
    ).toEqual([
      'definition.proto',
      'lunar/common/v1/person.proto',
      'lunar/common/v1/address.proto',
    ]);
  });

  it('never reads outside the entity file directory', async () => {
    mockDir.setContent({
      'apis/customer.yaml': 'kind: API',
      'secret.proto':
        'message Secret { string s = 1 [(gdpr_sensitive) = true]; }',
    });
    const result = await processor().postProcessEntity(
      grpcApi('x', 'syntax = "proto3";\nimport "../secret.proto";\n'),
      { type: 'file', target: mockDir.resolve('apis/customer.yaml') },
    );
    expect(annotationsOf(result)).toMatchObject({
      'lunar.app/personal-data-fields': '0',
      'lunar.app/proto-problem': expect.stringContaining('../secret.proto'),
    });
  });

  it('reads imports through the URL reader under the import root', async () => {
    const read: string[] = [];
    const files: Record<string, string> = {
      'https://example.com/repo/protos/lunar/common/v1/person.proto': person,
      'https://example.com/repo/protos/lunar/common/v1/address.proto': address,
      'https://example.com/repo/protos/lunar/common/v1/missing.proto':
        'syntax = "proto3";\npackage lunar.common.v1;\n',
    };
    const result = await processor({}, async url => {
      read.push(url);
      if (!(url in files)) throw new NotFoundError(url);
      return files[url];
    }).postProcessEntity(
      grpcApi('customer-grpc', api, {
        annotations: { 'lunar.app/proto-import-root': 'protos' },
      }),
      { type: 'url', target: 'https://example.com/repo/catalog-info.yaml' },
    );
    expect(read).toEqual(Object.keys(files));
    expect(annotationsOf(result)).toMatchObject({
      'lunar.app/personal-data-fields': '3',
    });
    expect(annotationsOf(result)['lunar.app/proto-problem']).toBeUndefined();
  });

  it('stops at the configured number of imported files', async () => {
    mockDir.setContent({
      'apis/customer.yaml': 'kind: API',
      'apis/lunar/common/v1/person.proto': person,
      'apis/lunar/common/v1/address.proto': address,
    });
    const result = await processor({ maxImportFiles: 1 }).postProcessEntity(
      grpcApi('customer-grpc', api),
      { type: 'file', target: mockDir.resolve('apis/customer.yaml') },
    );
    expect(annotationsOf(result)).toMatchObject({
      'lunar.app/personal-data-fields': '2',
      'lunar.app/proto-problem': expect.stringContaining(
        'lunar/common/v1/address.proto',
      ),
    });
  });

  it('does not download an unchanged import again', async () => {
    const url = 'https://example.com/repo/lunar/common/v1/person.proto';
    const etags: (string | undefined)[] = [];
    const p = processor({}, async (u, opts) => {
      if (u !== url) throw new NotFoundError(u);
      etags.push(opts?.etag);
      if (opts?.etag === 'v1') throw new NotModifiedError();
      return { text: person, etag: 'v1' };
    });
    const cache = memoryCache();
    const location: LocationSpec = {
      type: 'url',
      target: 'https://example.com/repo/catalog-info.yaml',
    };
    const first = await p.postProcessEntity(grpcApi('c', api), location, cache);
    const second = await p.postProcessEntity(
      grpcApi('c', api),
      location,
      cache,
    );
    expect(etags).toEqual([undefined, 'v1']);
    // The cached text counts as read
    expect(second.spec?.definition).toBe(first.spec?.definition);
    expect(annotationsOf(second)['lunar.app/personal-data-fields']).toBe('2');
  });
});

import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  ApiDefinitionCard,
  apiDocsConfigRef,
} from '@backstage/plugin-api-docs';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { catalogProto, grpcApiEntity } from './__testUtils__/catalog';
import { defaultWidgetOptions } from './options';
import {
  apiDocsConfigWithProtobuf,
  personalDataEntityCard,
  protobufApiDocsModule,
} from './module';

const render = (entity: Entity) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <ApiDefinitionCard />
    </EntityProvider>,
    {
      apis: [
        [apiDocsConfigRef, apiDocsConfigWithProtobuf(defaultWidgetOptions)],
      ],
    },
  );

describe('protobufApiDocsModule', () => {
  it('is a module of the API Docs plugin', () => {
    expect(protobufApiDocsModule.pluginId).toBe('api-docs');
  });

  it('shows the Personal data card on gRPC APIs only', () => {
    const filter = createExtensionTester(personalDataEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    const api = grpcApiEntity('x', '');
    expect(filter(api)).toBe(true);
    expect(filter({ ...api, spec: { ...api.spec, type: 'openapi' } })).toBe(
      false,
    );
    expect(filter({ ...api, kind: 'Component' })).toBe(false);
  });

  it('renders gRPC definitions on the API page, with the raw text one click away', async () => {
    await render(
      grpcApiEntity('bankaccount-grpc', catalogProto('bankaccount-grpc')),
    );
    expect(
      await screen.findByRole('region', { name: 'message Account' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Raw' }));
    expect(
      await screen.findByText(/string iban = 4 \[\(gdpr_sensitive\) = true\];/),
    ).toBeInTheDocument();
  });

  it('keeps the stock widgets for other types', () => {
    const config = apiDocsConfigWithProtobuf(defaultWidgetOptions);
    const widget = (type: string) =>
      config.getApiDefinitionWidget({
        ...grpcApiEntity('x', ''),
        spec: { type, lifecycle: 'production', owner: 'x', definition: '' },
      } as any);
    expect(widget('grpc')?.title).toBe('gRPC');
    expect(widget('openapi')?.title).toBe('OpenAPI');
    expect(widget('graphql')?.title).toBe('GraphQL');
    expect(widget('unknown')).toBeUndefined();
  });
});

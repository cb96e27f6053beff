import { createMockDirectory } from '@backstage/backend-test-utils';
import { PlaceholderResolverParams } from '@backstage/plugin-catalog-node';
import { textPlaceholderResolver } from './textPlaceholderResolver';

describe('textPlaceholderResolver', () => {
  const mockDir = createMockDirectory();

  beforeEach(() => {
    mockDir.setContent({
      'api/catalog-info.yaml': 'kind: API',
      'api/schema/openapi.yaml': 'openapi: 3.0.3\n',
      'secret.txt': 'not for the catalog',
    });
  });

  function params(
    value: unknown,
    baseUrl = mockDir.resolve('api/catalog-info.yaml'),
  ): PlaceholderResolverParams {
    return {
      key: 'text',
      value: value as any,
      baseUrl,
      read: jest.fn(async () => Buffer.from('from a url')),
      resolveUrl: (url: string, base: string) => new URL(url, base).toString(),
      emit: jest.fn(),
    };
  }

  it('reads a file beside an entity from a file location', async () => {
    await expect(
      textPlaceholderResolver(params('./schema/openapi.yaml')),
    ).resolves.toBe('openapi: 3.0.3\n');
  });

  it('refuses to leave the directory of the entity file', async () => {
    await expect(
      textPlaceholderResolver(params('../secret.txt')),
    ).rejects.toThrow(/may only read files inside/);
  });

  it('says which file is missing', async () => {
    await expect(
      textPlaceholderResolver(params('./nope.yaml')),
    ).rejects.toThrow(/could not read \.\/nope\.yaml/);
  });

  it('rejects a value that is not a string', async () => {
    await expect(textPlaceholderResolver(params(42))).rejects.toThrow(
      /expected a string/,
    );
  });

  it('reads through the URL reader for URL locations', async () => {
    const p = params(
      './openapi.yaml',
      'https://github.com/lunarway/x/blob/main/catalog-info.yaml',
    );
    await expect(textPlaceholderResolver(p)).resolves.toBe('from a url');
    expect(p.read).toHaveBeenCalledWith(
      'https://github.com/lunarway/x/blob/main/openapi.yaml',
    );
  });
});

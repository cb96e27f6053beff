import { Readable } from 'node:stream';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  CatalogProcessorCache,
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { DEFAULT_OPTIONS } from '../lib/options';
import { ShuttleProcessor } from './ShuttleProcessor';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }),
);

function memoryCache(): CatalogProcessorCache & { data: Record<string, any> } {
  const data: Record<string, any> = {};
  return {
    data,
    async get(key) {
      return data[key];
    },
    async set(key, value) {
      data[key] = value;
    },
  };
}

const component = (spec: Record<string, unknown> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'transfer' },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

function setup(
  opts: { reader?: Partial<UrlReaderService>; groups?: string[] } = {},
) {
  const processor = new ShuttleProcessor({
    reader: (opts.reader ?? {}) as UrlReaderService,
    integrations,
    options: DEFAULT_OPTIONS,
    logger: mockServices.logger.mock(),
    groups: opts.groups
      ? { hasGroup: async ref => opts.groups!.includes(ref) }
      : undefined,
  });
  const emitted: CatalogProcessorResult[] = [];
  const run = (entity: Entity, location: LocationSpec, cache = memoryCache()) =>
    processor.preProcessEntity(
      entity,
      location,
      r => emitted.push(r),
      location,
      cache,
    );
  return { processor, emitted, run };
}

describe('ShuttleProcessor', () => {
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  describe('file locations', () => {
    it('reads shuttle.yaml beside catalog-info.yaml and emits the database', async () => {
      mockDir.setContent({
        'transfer/catalog-info.yaml': 'not read by this processor',
        'transfer/shuttle.yaml':
          'plan: https://github.com/lunarway/lw-shuttle-go-plan.git#v1\nvars:\n  service: transfer\n  squad: mercury\n  db: true\n',
      });
      const { run, emitted } = setup({
        groups: ['group:default/squad-mercury'],
      });
      const entity = await run(component(), {
        type: 'file',
        target: `${mockDir.path}/transfer/catalog-info.yaml`,
      });
      expect(entity.spec?.owner).toBe('group:default/squad-mercury');
      expect(entity.metadata.annotations).toMatchObject({
        'lunar.app/shuttle-plan-kind': 'git',
        'lunar.app/shuttle-plan-ref': 'v1',
        'lunar.app/shuttle-file': `${mockDir.path}/transfer/shuttle.yaml`,
      });
      expect(
        entity.metadata.annotations?.['lunar.app/shuttle-problems'],
      ).toBeUndefined();
      expect(emitted).toEqual([
        expect.objectContaining({
          type: 'entity',
          locationKey: null,
          entity: expect.objectContaining({
            kind: 'Resource',
            metadata: expect.objectContaining({ name: 'transfer-db' }),
          }),
        }),
      ]);
    });

    it('leaves entities without a shuttle.yaml untouched', async () => {
      mockDir.setContent({ 'docs/catalog-info.yaml': '' });
      const { run, emitted } = setup();
      const input = component();
      const output = await run(input, {
        type: 'file',
        target: `${mockDir.path}/docs/catalog-info.yaml`,
      });
      expect(output).toBe(input);
      expect(emitted).toEqual([]);
    });

    it('keeps the entity and shows the error for a broken shuttle.yaml', async () => {
      mockDir.setContent({ 'x/shuttle.yaml': 'plan: [oops\n' });
      const { run, emitted } = setup();
      const output = await run(component({ owner: 'squad-nasa' }), {
        type: 'file',
        target: `${mockDir.path}/x/catalog-info.yaml`,
      });
      expect(output.spec?.owner).toBe('squad-nasa');
      expect(
        output.metadata.annotations?.['lunar.app/shuttle-problems'],
      ).toMatch(/"level":"error".*not valid YAML/);
      // No processing error is emitted: that would keep the entity out of the catalog
      expect(emitted).toEqual([]);
    });

    it('does not read a file over the size cap', async () => {
      mockDir.setContent({
        'x/shuttle.yaml': `vars:\n  blob: "${'x'.repeat(300 * 1024)}"\n`,
      });
      const { run } = setup();
      const output = await run(component({ owner: 'a' }), {
        type: 'file',
        target: `${mockDir.path}/x/catalog-info.yaml`,
      });
      expect(
        output.metadata.annotations?.['lunar.app/shuttle-problems'],
      ).toMatch(/over the 256.0 KiB limit/);
    });

    it('warns when the squad has no group in the catalog', async () => {
      mockDir.setContent({ 'x/shuttle.yaml': 'vars: {squad: nosuch}\n' });
      const { run } = setup({ groups: ['group:default/squad-nasa'] });
      const output = await run(component(), {
        type: 'file',
        target: `${mockDir.path}/x/catalog-info.yaml`,
      });
      expect(output.spec?.owner).toBe('group:default/squad-nosuch');
      expect(
        JSON.parse(output.metadata.annotations!['lunar.app/shuttle-problems']),
      ).toEqual([
        {
          level: 'warning',
          message:
            'shuttle.yaml vars.squad "nosuch" names group:default/squad-nosuch, which is not in the catalog',
        },
      ]);
    });

    it('skips other kinds, provider entities and other location types', async () => {
      mockDir.setContent({ 'x/shuttle.yaml': 'vars: {squad: nasa}\n' });
      const { run } = setup();
      const location = {
        type: 'file',
        target: `${mockDir.path}/x/catalog-info.yaml`,
      };
      const api = { ...component(), kind: 'API' };
      expect(await run(api, location)).toBe(api);
      const provided = component();
      provided.metadata.annotations = { 'lunar.app/shuttle-provider': 'p' };
      expect(await run(provided, location)).toBe(provided);
      const other = component();
      expect(await run(other, { type: 'github-discovery', target: 'x' })).toBe(
        other,
      );
    });
  });

  describe('url locations', () => {
    const location = {
      type: 'url',
      target:
        'https://github.com/lunarway/transfer/blob/main/catalog-info.yaml',
    };
    // GitHub's resolveUrl answers with a tree URL; its URL reader reads files from those too
    const shuttleUrl =
      'https://github.com/lunarway/transfer/tree/main/shuttle.yaml';

    it('reads through the URL reader and revalidates with the etag', async () => {
      const readUrl = jest
        .fn()
        .mockResolvedValueOnce({
          buffer: async () =>
            Buffer.from('vars: {squad: mercury, rabbitmq: true}\n'),
          etag: 'e1',
        })
        .mockRejectedValueOnce(new NotModifiedError());
      const { run } = setup({ reader: { readUrl } });
      const cache = memoryCache();
      const first = await run(component(), location, cache);
      expect(readUrl).toHaveBeenLastCalledWith(shuttleUrl, { etag: undefined });
      const second = await run(component(), location, cache);
      expect(readUrl).toHaveBeenLastCalledWith(shuttleUrl, { etag: 'e1' });
      for (const entity of [first, second]) {
        expect(entity.spec?.owner).toBe('group:default/squad-mercury');
        expect(entity.spec?.dependsOn).toEqual(['resource:default/rabbitmq']);
        expect(entity.metadata.annotations?.['lunar.app/shuttle-file']).toBe(
          shuttleUrl,
        );
      }
    });

    it('stops reading through the URL reader as soon as the file passes the cap', async () => {
      let produced = 0;
      function* chunks() {
        while (produced < 16 * 1024 * 1024) {
          produced += 16 * 1024;
          yield Buffer.alloc(16 * 1024, '#');
        }
      }
      const readUrl = jest.fn().mockResolvedValue({
        buffer: async () => Buffer.concat([...chunks()]),
        stream: () => Readable.from(chunks()),
        etag: 'e1',
      });
      const { run } = setup({ reader: { readUrl } });
      const output = await run(component({ owner: 'a' }), location);
      expect(output.spec?.owner).toBe('a');
      expect(
        JSON.parse(output.metadata.annotations!['lunar.app/shuttle-problems']),
      ).toEqual([
        {
          level: 'error',
          message:
            'shuttle.yaml is over the 256.0 KiB limit (shuttle.maxFileBytes); reading stopped there',
        },
      ]);
      expect(produced).toBeLessThan(1024 * 1024);
    });

    it('treats a missing shuttle.yaml as nothing to do', async () => {
      const readUrl = jest.fn().mockRejectedValue(new NotFoundError('nope'));
      const { run } = setup({ reader: { readUrl } });
      const input = component();
      expect(await run(input, location)).toBe(input);
    });

    it('shows a read failure as a warning and never throws', async () => {
      const readUrl = jest.fn().mockRejectedValue(new Error('ECONNRESET'));
      const { run } = setup({ reader: { readUrl } });
      const output = await run(component({ owner: 'a' }), location);
      expect(output.spec?.owner).toBe('a');
      expect(
        output.metadata.annotations?.['lunar.app/shuttle-problems'],
      ).toContain(`Could not read ${shuttleUrl}: ECONNRESET`);
    });

    it('keeps the last good shuttle.yaml when a later read fails', async () => {
      const readUrl = jest
        .fn()
        .mockResolvedValueOnce({
          buffer: async () => Buffer.from('vars: {squad: mercury}\n'),
          etag: 'e1',
        })
        .mockRejectedValueOnce(new Error('503'));
      const { run } = setup({ reader: { readUrl } });
      const cache = memoryCache();
      await run(component(), location, cache);
      const second = await run(component(), location, cache);
      expect(second.spec?.owner).toBe('group:default/squad-mercury');
    });
  });
});

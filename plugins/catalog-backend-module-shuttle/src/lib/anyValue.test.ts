import { Entity } from '@backstage/catalog-model';
import { componentFromShuttle } from '../providers/componentFromShuttle';
import { enrichEntity } from './enrich';
import { DEFAULT_OPTIONS } from './options';
import { parseShuttleYaml } from './parseShuttleYaml';

// YAML values of every type and shape, including the ones that break naive
// code: objects whose toString is not a function, self-referencing aliases,
// YAML 1.1 tags (Date, Set, Map, binary) and deep nesting.
const VALUES = [
  '~',
  'true',
  '0',
  '-1.5e300',
  '.nan',
  '-.inf',
  '""',
  '"x: y\\n# z"',
  `"${'x'.repeat(10000)}"`,
  '[]',
  '{}',
  '[{a: 1}]',
  '{a: {b: [1, {c: null}]}}',
  '{toString: 1, valueOf: 1}',
  '[{toString: 1}]',
  '{enabled: {enabled: {toString: 1}}}',
  '{__proto__: {polluted: 1}, constructor: 1}',
  '&self [*self]',
  '&self {enabled: *self, x: *self}',
  '!!binary aGVsbG8=',
  '!!set {a, b}',
  '!!omap [{a: 1}, {b: 2}]',
  '!!timestamp 2001-12-14',
  '!!str 5',
  '!custom {x: 1}',
  `${'['.repeat(200)}${']'.repeat(200)}`,
  `${'{a: '.repeat(200)}1${'}'.repeat(200)}`,
];

const KEYS = [
  'service',
  'squad',
  'system',
  'type',
  'domain',
  'k8s',
  'k8s.namespace',
  'db',
  'rabbitmq',
  'ingress',
  'tags',
  'docker',
];

const FILES = [
  ...KEYS.flatMap(key => VALUES.map(v => `vars:\n  ${key}: ${v}\n`)),
  ...KEYS.map(key => `vars:\n  k8s: {namespace: [1]}\n  ${key}: &v {a: *v}\n`),
  ...VALUES.map(v => `vars: ${v}\n`),
  ...VALUES.map(v => `plan: ${v}\n`),
  ...VALUES.map(v => `scripts: ${v}\n`),
  ...VALUES.map(v => `${v}\n`),
  ...VALUES.map(v => `%YAML 1.1\n---\nvars:\n  tags: ${v}\n  db: ${v}\n`),
  '&root {vars: *root}\n',
];

const component = (): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'term-deposit' },
  spec: { type: 'service', lifecycle: 'production', owner: 'squad-nasa' },
});

/** What the catalog needs: JSON data with string annotations. */
function expectStorable(entity: Entity) {
  expect(() => JSON.stringify(entity)).not.toThrow();
  for (const value of Object.values(entity.metadata.annotations ?? {})) {
    expect(typeof value).toBe('string');
  }
  for (const tag of entity.metadata.tags ?? []) {
    expect(typeof tag).toBe('string');
  }
}

describe('a shuttle.yaml value of any type', () => {
  it.each(FILES.map(f => [f.length > 60 ? `${f.slice(0, 60)}…` : f, f]))(
    'never throws out of parse, enrich or componentFromShuttle: %j',
    async (_label, text) => {
      const parsed = parseShuttleYaml(Buffer.from(text), {
        maxFileBytes: 1024 * 1024,
      });
      // Either parsed, or an error for the person who owns the file
      expect(parsed.ok ? 'shuttle.yaml parsed' : parsed.error).toMatch(
        /^shuttle.yaml /,
      );

      const enriched = enrichEntity(component(), parsed, 'f', DEFAULT_OPTIONS);
      expectStorable(enriched.entity);
      enriched.resources.forEach(expectStorable);

      const made = await componentFromShuttle(
        {
          name: 'term-deposit',
          parsed,
          fileRef: '/r/shuttle.yaml',
          locationRef: 'file:/r/shuttle.yaml',
          sourceLocation: 'dir:/r/',
        },
        'shuttle-directory:test',
        DEFAULT_OPTIONS,
      );
      expect(made[0].entity.kind).toBe('Component');
      made.forEach(d => expectStorable(d.entity));
    },
  );

  it('shows a self-referencing alias as an error on the entity', () => {
    const parsed = parseShuttleYaml(
      Buffer.from('vars:\n  squad: nasa\n  db: &d {enabled: *d}\n'),
      { maxFileBytes: 4096 },
    );
    expect(parsed).toEqual({
      ok: false,
      error:
        'shuttle.yaml vars.db.enabled refers back to vars.db through an alias; an alias cannot contain itself',
    });
  });

  it('shows nesting deeper than the limit as an error on the entity', () => {
    const parsed = parseShuttleYaml(
      Buffer.from(`vars:\n  x: ${'['.repeat(100)}${']'.repeat(100)}\n`),
      { maxFileBytes: 4096 },
    );
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringMatching(/^shuttle.yaml is nested more than 64/),
    });
  });

  it('warns about a tag that is not a string, and keeps the others', () => {
    const parsed = parseShuttleYaml(
      Buffer.from('vars:\n  squad: nasa\n  tags: [go, {toString: 1}, 7]\n'),
      { maxFileBytes: 4096 },
    );
    const { entity } = enrichEntity(component(), parsed, 'f', DEFAULT_OPTIONS);
    expect(entity.metadata.tags).toEqual(['go', '7']);
    expect(
      JSON.parse(entity.metadata.annotations!['lunar.app/shuttle-problems']),
    ).toContainEqual({
      level: 'warning',
      message:
        'shuttle.yaml vars.tags has an entry that is a map, not a string; it was ignored',
    });
  });
});

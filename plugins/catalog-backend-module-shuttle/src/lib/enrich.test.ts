import { Entity } from '@backstage/catalog-model';
import { addProblems, enrichEntity, isSwitchOn } from './enrich';
import { DEFAULT_OPTIONS } from './options';
import { parseShuttleYaml } from './parseShuttleYaml';

const parse = (text: string) =>
  parseShuttleYaml(Buffer.from(text), { maxFileBytes: 65536 });

const component = (
  spec: Record<string, unknown> = {},
  extra: Partial<Entity['metadata']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'term-deposit', ...extra },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

const problemsOf = (entity: Entity) =>
  JSON.parse(
    entity.metadata.annotations?.['lunar.app/shuttle-problems'] ?? '[]',
  );

describe('enrichEntity', () => {
  it('fills owner, system, annotations, tags and dependencies from shuttle.yaml', () => {
    const { entity, resources, shuttleOwnerRef } = enrichEntity(
      component(),
      parse(`
plan: git://git@github.com:lunarway/lw-shuttle-go-plan.git#v2.1.0
vars:
  service: term-deposit
  squad: gemini
  domain: savings
  system: savings
  k8s:
    namespace: savings
  db: true
  rabbitmq: true
  ingress: true
  tags: [go, Savings]
scripts:
  migrate:
    actions: [{shell: ./migrate}]
`),
      '/repos/term-deposit/shuttle.yaml',
      DEFAULT_OPTIONS,
    );
    expect(shuttleOwnerRef).toBe('group:default/squad-gemini');
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/squad-gemini',
      system: 'savings',
      dependsOn: [
        'resource:default/term-deposit-db',
        'resource:default/rabbitmq',
        'resource:default/ingress',
      ],
    });
    expect(entity.metadata.annotations).toEqual({
      'lunar.app/shuttle-plan':
        'git://git@github.com:lunarway/lw-shuttle-go-plan.git',
      'lunar.app/shuttle-plan-ref': 'v2.1.0',
      'lunar.app/shuttle-plan-kind': 'git',
      'lunar.app/shuttle-service': 'term-deposit',
      'lunar.app/shuttle-squad': 'gemini',
      'lunar.app/shuttle-scripts': 'migrate',
      'lunar.app/shuttle-file': '/repos/term-deposit/shuttle.yaml',
      'lunar.app/shuttle-vars': expect.stringContaining('"squad":"gemini"'),
      'backstage.io/kubernetes-namespace': 'savings',
      'backstage.io/kubernetes-id': 'term-deposit',
    });
    expect(entity.metadata.tags).toEqual(['go', 'savings']);
    expect(resources).toEqual([
      expect.objectContaining({
        kind: 'Resource',
        metadata: expect.objectContaining({ name: 'term-deposit-db' }),
        spec: {
          type: 'database',
          owner: 'group:default/squad-gemini',
          system: 'savings',
        },
      }),
    ]);
  });

  it('labels every service for the Kubernetes plugin by its shuttle service name, a library only with a namespace', () => {
    const annotationsOf = (type: string, vars: string) =>
      enrichEntity(
        component({ type }, { name: 'user-api' }),
        parse(`plan: false\nvars:\n  service: user\n${vars}`),
        'f',
        DEFAULT_OPTIONS,
      ).entity.metadata.annotations ?? {};
    expect(annotationsOf('service', '')).toMatchObject({
      'backstage.io/kubernetes-id': 'user',
    });
    expect(annotationsOf('service', '')).not.toHaveProperty(
      'backstage.io/kubernetes-namespace',
    );
    expect(annotationsOf('library', '')).not.toHaveProperty(
      'backstage.io/kubernetes-id',
    );
    expect(
      annotationsOf('library', '  k8s:\n    namespace: jobs\n'),
    ).toMatchObject({
      'backstage.io/kubernetes-id': 'user',
      'backstage.io/kubernetes-namespace': 'jobs',
    });
  });

  it('lets catalog-info.yaml win and warns about the owner disagreement', () => {
    const { entity } = enrichEntity(
      component(
        { owner: 'squad-juno', system: 'markets', type: 'service' },
        {
          name: 'exchange-rate',
          tags: ['go'],
          annotations: { 'lunar.app/shuttle-plan': 'hand-written' },
        },
      ),
      parse(`
plan: https://github.com/lunarway/lw-shuttle-go-plan.git
vars:
  service: exchange-rate
  squad: orion
  system: markets
  type: library
  tags: [go]
`),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(entity.spec?.owner).toBe('squad-juno');
    expect(entity.spec?.type).toBe('service');
    expect(entity.metadata.tags).toEqual(['go']);
    expect(entity.metadata.annotations?.['lunar.app/shuttle-plan']).toBe(
      'hand-written',
    );
    expect(problemsOf(entity)).toEqual([
      {
        level: 'warning',
        message:
          'Owner disagreement: catalog-info.yaml says squad-juno, shuttle.yaml says squad "orion" (group:default/squad-orion); catalog-info.yaml wins',
      },
    ]);
  });

  it('treats equivalent owner refs as agreeing', () => {
    const { entity } = enrichEntity(
      component({ owner: 'group:default/squad-nasa' }),
      parse('vars: {squad: nasa}'),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(problemsOf(entity)).toEqual([]);
  });

  it('uses the configured owner pattern', () => {
    const { entity } = enrichEntity(
      component(),
      parse('vars: {squad: nasa}'),
      'f',
      { ...DEFAULT_OPTIONS, ownerPattern: 'group:squads/{squad}-team' },
    );
    expect(entity.spec?.owner).toBe('group:squads/nasa-team');
  });

  it('warns about a missing squad and falls back to the default owner', () => {
    const { entity } = enrichEntity(
      component(),
      parse('plan: false\nvars: {service: term-deposit}'),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(entity.spec?.owner).toBe('group:default/unknown');
    expect(problemsOf(entity)).toEqual([
      {
        level: 'warning',
        message:
          'shuttle.yaml has no vars.squad and catalog-info.yaml no owner; owner set to group:default/unknown',
      },
    ]);
  });

  it('warns about a squad that cannot be an entity name', () => {
    const { entity } = enrichEntity(
      component({ owner: 'squad-nasa' }),
      parse('vars: {squad: "nasa and gemini!"}'),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(entity.spec?.owner).toBe('squad-nasa');
    expect(problemsOf(entity)[0].message).toMatch(
      /does not make a valid owner/,
    );
  });

  it('warns about vars of the wrong shape but uses the rest', () => {
    const { entity } = enrichEntity(
      component(),
      parse('vars: {squad: nasa, system: [a, b], tags: "go, Not A Tag!"}'),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(entity.spec?.owner).toBe('group:default/squad-nasa');
    expect(entity.spec?.system).toBeUndefined();
    expect(entity.metadata.tags).toEqual(['go']);
    expect(problemsOf(entity).map((p: any) => p.message)).toEqual([
      'shuttle.yaml vars.system should be a string, but it is a list; it was ignored',
      'shuttle.yaml tag "not a tag!" is not a valid catalog tag; it was ignored',
    ]);
  });

  it('does not duplicate a database that catalog-info.yaml already depends on', () => {
    const { entity, resources } = enrichEntity(
      component({
        dependsOn: ['resource:term-deposit-db', 'resource:rabbitmq'],
      }),
      parse('vars: {squad: gemini, db: true, rabbitmq: true}'),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(resources).toEqual([]);
    expect(entity.spec?.dependsOn).toEqual([
      'resource:term-deposit-db',
      'resource:rabbitmq',
    ]);
  });

  it('reads the plan kinds: local and none', () => {
    const local = enrichEntity(
      component(),
      parse('plan: ./plan\nvars: {squad: a}'),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(local.entity.metadata.annotations).toMatchObject({
      'lunar.app/shuttle-plan-kind': 'local',
      'lunar.app/shuttle-plan': './plan',
    });
    const none = enrichEntity(
      component(),
      parse('plan: false\nvars: {squad: a}'),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(
      none.entity.metadata.annotations?.['lunar.app/shuttle-plan-kind'],
    ).toBe('none');
    expect(
      none.entity.metadata.annotations?.['lunar.app/shuttle-plan'],
    ).toBeUndefined();
  });

  it('keeps the entity unchanged apart from a visible error when shuttle.yaml is broken', () => {
    const input = component({ owner: 'squad-nasa' });
    const { entity, resources } = enrichEntity(
      input,
      parse('plan: true\nvars: {squad: orion}'),
      '/r/shuttle.yaml',
      DEFAULT_OPTIONS,
    );
    expect(resources).toEqual([]);
    expect(entity.spec).toEqual(input.spec);
    expect(
      entity.metadata.annotations?.['lunar.app/shuttle-plan-kind'],
    ).toBeUndefined();
    expect(problemsOf(entity)).toEqual([
      {
        level: 'error',
        message:
          'shuttle.yaml "plan" must be a git URL, a local path or false, but it is the value true',
      },
    ]);
    // Nothing else: no status field (the catalog's policy rejects it)
    expect(Object.keys(entity)).toEqual(Object.keys(input));
  });

  it('leaves other kinds alone', () => {
    const api: Entity = { ...component(), kind: 'API' };
    expect(
      enrichEntity(api, parse('vars: {squad: nasa}'), 'f', DEFAULT_OPTIONS)
        .entity,
    ).toBe(api);
  });

  it('caps a huge vars annotation', () => {
    const { entity } = enrichEntity(
      component(),
      parse(`vars:\n  squad: nasa\n  blob: "${'x'.repeat(20000)}"\n`),
      'f',
      DEFAULT_OPTIONS,
    );
    expect(
      JSON.parse(entity.metadata.annotations!['lunar.app/shuttle-vars']),
    ).toEqual({ squad: 'nasa' });
    expect(problemsOf(entity)[0].message).toMatch(/too large to show in full/);
  });
});

describe('isSwitchOn', () => {
  it.each([
    [true, true],
    ['true', true],
    ['yes', true],
    ['postgres', true],
    [{ engine: 'postgres' }, true],
    [{ enabled: false }, false],
    [false, false],
    ['false', false],
    ['no', false],
    [0, false],
    [null, false],
    [undefined, false],
    [{}, false],
  ])('%p -> %p', (value, expected) => {
    expect(isSwitchOn(value)).toBe(expected);
  });
});

describe('addProblems', () => {
  it('appends to existing problems', () => {
    const once = addProblems(component(), [{ level: 'warning', message: 'a' }]);
    const twice = addProblems(once, [{ level: 'warning', message: 'b' }]);
    expect(problemsOf(twice).map((p: any) => p.message)).toEqual(['a', 'b']);
  });
});

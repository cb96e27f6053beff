import fs from 'node:fs';
import path from 'node:path';
import { classifyPlan, parseShuttleYaml } from './parseShuttleYaml';

const opts = { maxFileBytes: 4096 };
const parse = (text: string) => parseShuttleYaml(Buffer.from(text), opts);
const errorOf = (text: string | Buffer) => {
  const result = parseShuttleYaml(
    typeof text === 'string' ? Buffer.from(text) : text,
    opts,
  );
  if (result.ok) {
    throw new Error('expected an error');
  }
  return result.error;
};

describe('parseShuttleYaml', () => {
  describe('real-world shapes', () => {
    it('reads a go service with a git plan and switches', () => {
      const result = parse(`
plan: git://git@github.com:lunarway/shuttle-example-go-plan.git
vars:
  service: authentication
  squad: nasa
  domain: platform
  docker:
    builder-image: golang:1.22
  db: true
  rabbitmq: true
`);
      expect(result).toEqual({
        ok: true,
        file: {
          plan: {
            kind: 'git',
            value: 'git://git@github.com:lunarway/shuttle-example-go-plan.git',
          },
          vars: expect.objectContaining({
            service: 'authentication',
            db: true,
          }),
          scriptNames: [],
        },
      });
    });

    it('reads a branch-pinned https plan', () => {
      const result = parse(
        'plan: https://github.com/lunarway/lw-shuttle-go-plan.git#release-2024\nvars: {service: x}\n',
      );
      expect(result.ok && result.file.plan).toEqual({
        kind: 'git',
        value: 'https://github.com/lunarway/lw-shuttle-go-plan.git',
        ref: 'release-2024',
      });
    });

    it('reads a sha-pinned scp-style plan', () => {
      expect(
        classifyPlan('git@github.com:lunarway/plan.git#0a1b2c3d4e5f'),
      ).toEqual({
        kind: 'git',
        value: 'git@github.com:lunarway/plan.git',
        ref: '0a1b2c3d4e5f',
      });
    });

    it('reads a local plan', () => {
      const result = parse(
        'plan: ../lw-shuttle-go-plan\nvars:\n  squad: mercury\n',
      );
      expect(result.ok && result.file.plan).toEqual({
        kind: 'local',
        value: '../lw-shuttle-go-plan',
      });
    });

    it('reads a planless tool with local scripts (infrastructure repo)', () => {
      const result = parse(`
plan: false
vars:
  squad: hubble
  type: infrastructure
scripts:
  plan:
    description: terraform plan
    actions:
      - shell: terraform plan
  apply:
    actions:
      - shell: terraform apply
`);
      expect(result.ok && result.file).toEqual({
        plan: { kind: 'none' },
        vars: { squad: 'hubble', type: 'infrastructure' },
        scriptNames: ['plan', 'apply'],
      });
    });

    it('reads a docs repository with no plan key and no vars', () => {
      expect(parse('scripts: {}\n')).toEqual({
        ok: true,
        file: { plan: { kind: 'none' }, vars: {}, scriptNames: [] },
      });
    });

    it('treats an empty file as a planless file without vars', () => {
      expect(parse('')).toEqual({
        ok: true,
        file: { plan: { kind: 'none' }, vars: {}, scriptNames: [] },
      });
    });

    it('accepts a UTF-8 BOM, comments and anchors', () => {
      const result = parse(
        '\ufeff# comment\nplan: false\nvars:\n  base: &b {squad: nasa}\n  copy: *b\n',
      );
      expect(result.ok && result.file.vars.copy).toEqual({ squad: 'nasa' });
    });

    it('parses every shuttle.yaml in the example catalog', () => {
      const root = path.resolve(__dirname, '../../../../catalog');
      const files = [
        ...fs
          .readdirSync(path.join(root, 'components'))
          .map(d => path.join(root, 'components', d, 'shuttle.yaml')),
        ...fs
          .readdirSync(path.join(root, 'shuttle-repos'))
          .map(d => path.join(root, 'shuttle-repos', d, 'shuttle.yaml')),
      ].filter(f => fs.existsSync(f));
      expect(files.length).toBeGreaterThan(20);
      const failures = files
        .map(f => ({ f, r: parseShuttleYaml(fs.readFileSync(f), opts) }))
        .filter(({ r }) => !r.ok)
        .map(({ f }) => path.basename(path.dirname(f)));
      // statement-archive is the deliberately broken example
      expect(failures).toEqual(['statement-archive']);
    });
  });

  describe('bad input', () => {
    it('rejects invalid YAML with the line', () => {
      expect(errorOf('plan: false\nvars:\n  squad: [nasa\n')).toMatch(
        /^shuttle.yaml is not valid YAML at line \d+/,
      );
    });

    it('rejects a tab-indented file', () => {
      expect(errorOf('vars:\n\tsquad: nasa\n')).toMatch(/not valid YAML/);
    });

    it('rejects duplicate keys', () => {
      expect(errorOf('plan: false\nplan: false\n')).toMatch(/not valid YAML/);
    });

    it('rejects unknown top-level keys, naming them', () => {
      expect(errorOf('plan: false\nvariables: {}\nscript: {}\n')).toBe(
        'shuttle.yaml has unknown top-level keys "variables", "script"; only plan, vars and scripts are allowed',
      );
    });

    it('rejects plan: true', () => {
      expect(errorOf('plan: true\n')).toBe(
        'shuttle.yaml "plan" must be a git URL, a local path or false, but it is the value true',
      );
    });

    it('rejects a numeric plan', () => {
      expect(errorOf('plan: 42\n')).toMatch(/"plan" must be .* the number 42/);
    });

    it('rejects a plan that is a map or empty', () => {
      expect(errorOf('plan: {url: x}\n')).toMatch(/"plan" must be .* a map/);
      expect(errorOf('plan: ""\n')).toMatch(/"plan" is an empty string/);
    });

    it('rejects vars that are not a map', () => {
      expect(errorOf('vars: [service, squad]\n')).toBe(
        'shuttle.yaml "vars" must be a map, but it is a list',
      );
      expect(errorOf('vars: nasa\n')).toMatch(
        /"vars" must be a map, but it is the string "nasa"/,
      );
    });

    it('rejects scripts that are not a map', () => {
      expect(errorOf('scripts: [build]\n')).toMatch(/"scripts" must be a map/);
    });

    it('rejects a document that is not a map', () => {
      expect(errorOf('- plan\n- vars\n')).toMatch(/must be a map .* a list/);
      expect(errorOf('just text\n')).toMatch(/must be a map/);
    });

    it('rejects a file over the size cap without parsing it', () => {
      const big = Buffer.from(`vars:\n  x: "${'a'.repeat(5000)}"\n`);
      expect(errorOf(big)).toMatch(
        /^shuttle.yaml is 4.9 KiB, over the 4.0 KiB limit \(shuttle.maxFileBytes\)/,
      );
    });

    it('rejects non-UTF-8 bytes, with the offset', () => {
      const latin1 = Buffer.concat([
        Buffer.from('vars:\n  squad: '),
        Buffer.from([0xe6, 0xf8, 0xe5]), // "æøå" in Latin-1
        Buffer.from('\n'),
      ]);
      expect(errorOf(latin1)).toBe(
        'shuttle.yaml is not valid UTF-8 (line 2, byte offset 16); save it as UTF-8',
      );
    });

    it('survives an alias bomb', () => {
      const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        lines.push(
          `${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`,
        );
      }
      const text = `vars:\n${lines.map(l => `  ${l}`).join('\n')}\n`;
      const result = parseShuttleYaml(Buffer.from(text), { maxFileBytes: 1e6 });
      expect(result.ok).toBe(false);
    });
  });
});

import {
  appendDefinitionFiles,
  importMatchesFile,
  splitDefinitionFiles,
} from './bundle';

describe('definition files', () => {
  it('is one file without markers', () => {
    expect(splitDefinitionFiles('syntax = "proto3";\n')).toEqual([
      { name: 'definition.proto', text: 'syntax = "proto3";\n', startLine: 1 },
    ]);
  });

  it('round-trips appended files with their first lines', () => {
    const text = appendDefinitionFiles('a\nb\n', [
      { name: 'x/y.proto', text: 'c\n' },
      { name: 'z.proto', text: 'd' },
    ]);
    expect(text).toBe('a\nb\n// ==> x/y.proto <==\nc\n// ==> z.proto <==\nd\n');
    expect(splitDefinitionFiles(text)).toEqual([
      { name: 'definition.proto', text: 'a\nb', startLine: 1 },
      { name: 'x/y.proto', text: 'c', startLine: 4 },
      { name: 'z.proto', text: 'd\n', startLine: 6 },
    ]);
  });

  it('takes the name of a leading marker as the main file', () => {
    expect(
      splitDefinitionFiles('==> api.proto <==\nsyntax = "proto3";').map(
        f => f.name,
      ),
    ).toEqual(['api.proto']);
  });

  it('matches imports to files by path suffix', () => {
    expect(importMatchesFile('lunar/money.proto', 'lunar/money.proto')).toBe(
      true,
    );
    expect(
      importMatchesFile('lunar/money.proto', 'protos/lunar/money.proto'),
    ).toBe(true);
    expect(importMatchesFile('lunar/money.proto', 'other/money.proto')).toBe(
      false,
    );
  });
});

import { databaseNameOf, isDatabaseResource } from './entity';

const resource = (extra: object = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'term-deposit-db' },
  spec: { type: 'database', owner: 'squad-gemini' },
  ...extra,
});

describe('database entities', () => {
  it('shows the Access tab only on Resources of type database', () => {
    expect(isDatabaseResource(resource())).toBe(true);
    expect(
      isDatabaseResource(resource({ spec: { type: 'queue', owner: 'x' } })),
    ).toBe(false);
    expect(isDatabaseResource(resource({ kind: 'Component' }))).toBe(false);
  });

  it('maps a Resource to its database-name annotation, else its name', () => {
    expect(databaseNameOf(resource())).toBe('term-deposit-db');
    expect(
      databaseNameOf(
        resource({
          metadata: {
            name: 'term-deposit-db',
            annotations: { 'lunar.app/database-name': 'termdeposit' },
          },
        }),
      ),
    ).toBe('termdeposit');
  });
});

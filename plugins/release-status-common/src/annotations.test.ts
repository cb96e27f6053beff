import { Entity } from '@backstage/catalog-model';
import { isReleaseStatusAvailable, releaseServiceName } from './annotations';

const service = (extra: Partial<Entity['metadata']> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'term-deposit', ...extra },
  spec: { type: 'service', owner: 'squad-nasa' },
});

describe('annotations', () => {
  it('applies to service components only', () => {
    expect(isReleaseStatusAvailable(service())).toBe(true);
    expect(
      isReleaseStatusAvailable({ ...service(), spec: { type: 'library' } }),
    ).toBe(false);
    expect(isReleaseStatusAvailable({ ...service(), kind: 'API' })).toBe(false);
  });

  it('names the service by annotation, else by entity name', () => {
    expect(releaseServiceName(service())).toBe('term-deposit');
    expect(
      releaseServiceName(
        service({
          annotations: { 'lunar.app/release-manager-service': 'deposits' },
        }),
      ),
    ).toBe('deposits');
  });
});

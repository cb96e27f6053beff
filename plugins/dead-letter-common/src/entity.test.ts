import { Entity } from '@backstage/catalog-model';
import {
  buildLogLink,
  deadLetterServiceEntityRef,
  deadLetterServiceName,
  isDeadLetterAvailable,
} from './entity';
import {
  deadLetterDeletePermission,
  deadLetterReadPermission,
  deadLetterRedeliverPermission,
} from './permissions';

function component(type: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'term-deposit', annotations },
    spec: { type },
  };
}

describe('dead-letter entity rules', () => {
  it('applies to service components only', () => {
    expect(isDeadLetterAvailable(component('service'))).toBe(true);
    expect(isDeadLetterAvailable(component('library'))).toBe(false);
    expect(
      isDeadLetterAvailable({ ...component('service'), kind: 'API' }),
    ).toBe(false);
  });

  it('names the service by annotation, else by entity name', () => {
    expect(deadLetterServiceName(component('service'))).toBe('term-deposit');
    expect(
      deadLetterServiceName(
        component('service', { 'lunar.app/dead-letter-service': 'td' }),
      ),
    ).toBe('td');
    expect(deadLetterServiceEntityRef('td')).toBe('component:default/td');
  });

  it('fills log link templates with encoded values', () => {
    expect(
      buildLogLink('https://logs/?q={correlationId}&s={service}&x={queue}', {
        correlationId: 'a b&c',
        service: 'td',
      }),
    ).toBe('https://logs/?q=a%20b%26c&s=td&x=');
  });

  it('defines resource permissions on catalog entities', () => {
    expect(
      [
        deadLetterReadPermission,
        deadLetterDeletePermission,
        deadLetterRedeliverPermission,
      ].map(p => [p.name, p.resourceType]),
    ).toEqual([
      ['dead-letter.message.read', 'catalog-entity'],
      ['dead-letter.message.delete', 'catalog-entity'],
      ['dead-letter.message.redeliver', 'catalog-entity'],
    ]);
  });
});

import { Entity } from '@backstage/catalog-model';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import {
  deniedReason,
  entityOwnerRef,
  useDeadLetterPermissions,
} from './useDeadLetterPermissions';

// usePermission caches decisions per permission and resource for the whole
// file, so every test uses an entity of its own.
function service(name: string, extra: Partial<Entity> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'squad-gemini', lifecycle: 'production' },
    ...extra,
  };
}

function renderPermissions(
  entity: Entity,
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[mockApis.permission({ authorize })]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(() => useDeadLetterPermissions(entity), { wrapper });
}

describe('useDeadLetterPermissions', () => {
  it('neither allows nor refuses while the decision loads, then allows', async () => {
    const { result } = renderPermissions(
      service('allowed-service'),
      AuthorizeResult.ALLOW,
    );
    expect(result.current).toEqual({
      canDelete: false,
      canRedeliver: false,
      deleteDenied: undefined,
      redeliverDenied: undefined,
    });
    await waitFor(() => expect(result.current.canDelete).toBe(true));
    expect(result.current).toEqual({
      canDelete: true,
      canRedeliver: true,
      deleteDenied: undefined,
      redeliverDenied: undefined,
    });
  });

  it('says who may act when refused: the owner from spec.owner', async () => {
    const { result } = renderPermissions(
      service('denied-service'),
      AuthorizeResult.DENY,
    );
    await waitFor(() => expect(result.current.deleteDenied).toBeDefined());
    expect(result.current).toEqual({
      canDelete: false,
      canRedeliver: false,
      deleteDenied:
        'You are not allowed to delete dead letters of denied-service. Only members of squad-gemini may.',
      redeliverDenied:
        'You are not allowed to redeliver dead letters of denied-service. Only members of squad-gemini may.',
    });
  });

  it('prefers the resolved ownedBy relation, and keeps the plain refusal without an owner', async () => {
    const owned = renderPermissions(
      service('owned-by-relation', {
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/squad-mercury' },
        ],
      }),
      AuthorizeResult.DENY,
    );
    await waitFor(() =>
      expect(owned.result.current.deleteDenied).toBe(
        'You are not allowed to delete dead letters of owned-by-relation. Only members of squad-mercury may.',
      ),
    );

    const ownerless = renderPermissions(
      service('ownerless', {
        spec: { type: 'service', lifecycle: 'production' },
      }),
      AuthorizeResult.DENY,
    );
    await waitFor(() =>
      expect(ownerless.result.current.redeliverDenied).toBe(
        'You are not allowed to redeliver dead letters of ownerless.',
      ),
    );
  });
});

describe('entityOwnerRef', () => {
  it('reads spec.owner in the entity namespace, as a group by default', () => {
    expect(
      entityOwnerRef({
        ...service('x'),
        metadata: { name: 'x', namespace: 'banking' },
      }),
    ).toEqual({ kind: 'group', namespace: 'banking', name: 'squad-gemini' });
    expect(
      entityOwnerRef({
        ...service('x'),
        spec: { owner: 'user:default/jane' },
      }),
    ).toEqual({ kind: 'user', namespace: 'default', name: 'jane' });
    expect(entityOwnerRef({ ...service('x'), spec: {} })).toBeUndefined();
  });
});

describe('deniedReason', () => {
  it('keeps the plain refusal first, then names who may act', () => {
    expect(deniedReason('delete', 'bankaccount', 'squad-mercury')).toBe(
      'You are not allowed to delete dead letters of bankaccount. Only members of squad-mercury may.',
    );
    expect(deniedReason('delete', 'bankaccount')).toBe(
      'You are not allowed to delete dead letters of bankaccount.',
    );
  });
});

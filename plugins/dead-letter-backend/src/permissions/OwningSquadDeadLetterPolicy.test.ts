import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deadLetterDeletePermission,
  deadLetterReadPermission,
  deadLetterRedeliverPermission,
  deadLetterUnassignedPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { OwningSquadDeadLetterPolicy } from './OwningSquadDeadLetterPolicy';

describe('OwningSquadDeadLetterPolicy', () => {
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async () => ({
      userEntityRef: 'user:default/jane',
      ownershipEntityRefs: ['user:default/jane', 'group:default/squad-nasa'],
    }),
  });
  const policy = new OwningSquadDeadLetterPolicy({ userInfo });
  const user = {
    credentials: mockCredentials.user('user:default/jane'),
    info: {
      userEntityRef: 'user:default/jane',
      ownershipEntityRefs: [],
    },
  };

  it.each([deadLetterDeletePermission, deadLetterRedeliverPermission])(
    'lets only owners of the service entity $name',
    async permission => {
      expect(await policy.handle({ permission }, user)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/jane', 'group:default/squad-nasa'],
          },
        },
      });
    },
  );

  it('shows the unassigned dead letters to admins only, never to service principals', async () => {
    const permission = deadLetterUnassignedPermission;
    const admin = new OwningSquadDeadLetterPolicy({
      userInfo,
      adminGroups: ['group:default/squad-nasa'],
    });
    expect(await admin.handle({ permission }, user)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission }, user)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(
      await admin.handle(
        { permission },
        { ...user, credentials: mockCredentials.service() },
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets members of an admin group act on every service', async () => {
    const admin = new OwningSquadDeadLetterPolicy({
      userInfo,
      adminGroups: ['group:default/squad-nasa'],
    });
    expect(
      await admin.handle({ permission: deadLetterDeletePermission }, user),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    const other = new OwningSquadDeadLetterPolicy({
      userInfo,
      adminGroups: ['group:default/platform-admins'],
    });
    expect(
      (await other.handle({ permission: deadLetterDeletePermission }, user))
        .result,
    ).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('denies delete and redeliver to callers that are not users', async () => {
    expect(
      await policy.handle(
        { permission: deadLetterDeletePermission },
        {
          credentials: mockCredentials.service() as any,
          info: { userEntityRef: '', ownershipEntityRefs: [] },
        },
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle({ permission: deadLetterRedeliverPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('leaves reading and everything else to the fallback (allow by default)', async () => {
    expect(
      await policy.handle({ permission: deadLetterReadPermission }, user),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle({ permission: catalogEntityReadPermission }, user),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    const strict = new OwningSquadDeadLetterPolicy({
      userInfo,
      fallback: { handle: async () => ({ result: AuthorizeResult.DENY }) },
    });
    expect(
      await strict.handle({ permission: deadLetterReadPermission }, user),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('the catalog then allows members of the owning squad and no one else', async () => {
    const decision = (await policy.handle(
      { permission: deadLetterDeletePermission },
      user,
    )) as any;
    const service = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'term-deposit' },
      spec: { type: 'service', owner: 'squad-nasa' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-nasa' }],
    };
    const other = {
      ...service,
      relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-gemini' }],
    };
    const rule = permissionRules.isEntityOwner;
    expect(decision.conditions.rule).toBe(rule.name);
    expect(rule.apply(service, decision.conditions.params)).toBe(true);
    expect(rule.apply(other, decision.conditions.params)).toBe(false);
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { startTestBackend } from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  databaseAccessAuditReadPermission,
  databaseAccessRequestApprovePermission,
} from '@internal/backstage-plugin-database-access-common';
import { deadLetterDeletePermission } from '@internal/backstage-plugin-dead-letter-common';
import { portalPermissionPolicyModule } from './module';

describe('portalPermissionPolicyModule', () => {
  it('installs one policy that applies both plugins’ owning-squad rules', async () => {
    let installed: PermissionPolicy | undefined;
    // Stands in for the permission backend: takes the policy the module sets.
    const permission = createBackendPlugin({
      pluginId: 'permission',
      register(env) {
        env.registerExtensionPoint(policyExtensionPoint, {
          setPolicy: policy => {
            installed = policy;
          },
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    await startTestBackend({
      features: [
        permission,
        portalPermissionPolicyModule,
        mockServices.userInfo.mock({
          getUserInfo: async () => ({
            userEntityRef: 'user:default/gina',
            ownershipEntityRefs: [
              'user:default/gina',
              'group:default/squad-gemini',
            ],
          }),
        }).factory,
      ],
    });
    const user = {
      credentials: mockCredentials.user('user:default/gina'),
      info: { userEntityRef: 'user:default/gina', ownershipEntityRefs: [] },
    };
    const owner = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/gina', 'group:default/squad-gemini'],
        },
      },
    };
    expect(
      await installed!.handle(
        { permission: databaseAccessRequestApprovePermission },
        user,
      ),
    ).toEqual(owner);
    expect(
      await installed!.handle({ permission: deadLetterDeletePermission }, user),
    ).toEqual(owner);
    expect(
      await installed!.handle(
        { permission: databaseAccessAuditReadPermission },
        user,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await installed!.handle({
        permission: databaseAccessRequestApprovePermission,
      }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});

/**
 * The portal's permission policy module: every plugin's owning-squad rule in
 * one policy.
 *
 * @packageDocumentation
 */
export { portalPermissionPolicyModule as default } from './module';
export { portalPermissionPolicyModule } from './module';

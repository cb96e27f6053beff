/**
 * The Kubernetes entity tab of the portal, replacing the stock one of
 * `@backstage/plugin-kubernetes` (same extension id,
 * `entity-content:kubernetes/kubernetes`): the stock pod view when the
 * Kubernetes backend has clusters, and "No Kubernetes cluster configured"
 * with how to configure one when it has none, instead of the stock
 * "There was a problem retrieving Kubernetes objects" warning.
 *
 * @packageDocumentation
 */
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { kubernetesEntityContent } from './kubernetesEntityContent';

export { kubernetesEntityContent } from './kubernetesEntityContent';

export default createFrontendModule({
  pluginId: 'kubernetes',
  extensions: [kubernetesEntityContent],
});

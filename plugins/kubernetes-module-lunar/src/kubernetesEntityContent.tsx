import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/**
 * The "Kubernetes" tab, on the entities the stock tab is on (those with
 * `backstage.io/kubernetes-id` or a label selector). Named as the stock
 * extension so that this module replaces it.
 */
export const kubernetesEntityContent = EntityContentBlueprint.make({
  name: 'kubernetes',
  params: {
    path: '/kubernetes',
    title: 'Kubernetes',
    group: 'deployment',
    filter: {
      $any: [
        {
          [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: { $exists: true },
        },
        {
          [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}`]:
            { $exists: true },
        },
      ],
    },
    loader: () =>
      import('./components/KubernetesTab').then(m => <m.KubernetesTab />),
  },
});

import { annotateIfAbsent, EnrichDraft } from './draft';
import { stringVar } from './vars';

const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
const ANNOTATION_KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/**
 * Points the Kubernetes plugin at the service: every service runs on
 * Kubernetes, its workloads labelled with the shuttle service name
 * (`backstage.io/kubernetes-id`); vars.k8s.namespace narrows the lookup to
 * that namespace and marks any other component type as deployed too.
 */
export function applyKubernetes(draft: EnrichDraft, serviceName: string) {
  const namespace = stringVar(draft.file.vars, 'k8s.namespace', draft.problems);
  if (namespace !== undefined) {
    annotateIfAbsent(draft, ANNOTATION_KUBERNETES_NAMESPACE, namespace);
  }
  if (namespace !== undefined || draft.spec.type === 'service') {
    annotateIfAbsent(draft, ANNOTATION_KUBERNETES_ID, serviceName);
  }
}

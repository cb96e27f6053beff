import { annotateIfAbsent, EnrichDraft } from './draft';
import { stringVar } from './vars';

const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
const ANNOTATION_KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** Points the Kubernetes plugin at the service in vars.k8s.namespace. */
export function applyKubernetes(draft: EnrichDraft, serviceName: string) {
  const namespace = stringVar(draft.file.vars, 'k8s.namespace', draft.problems);
  if (namespace !== undefined) {
    annotateIfAbsent(draft, ANNOTATION_KUBERNETES_NAMESPACE, namespace);
    annotateIfAbsent(draft, ANNOTATION_KUBERNETES_ID, serviceName);
  }
}

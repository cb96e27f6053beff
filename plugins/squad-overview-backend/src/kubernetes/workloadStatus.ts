import { EnvironmentDeployment } from '@internal/backstage-plugin-squad-overview-common';
import {
  ContainerStatus,
  Deployment,
  KUBERNETES_ID_LABEL,
  KubernetesEvent,
  parseQuantity,
  Pod,
  PodMetrics,
} from './objects';

/** Waiting reasons that make a workload failing. */
export const FAILING_REASONS = new Set([
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'ImagePullBackOff',
  'ErrImagePull',
]);

/** One cluster's objects for a set of kubernetes ids, grouped by id. */
export interface Workload {
  pods: Pod[];
  deployments: Deployment[];
  metrics: PodMetrics[];
}

export function podKey(pod: {
  metadata?: { namespace?: string; name?: string };
}) {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Groups objects by their `backstage.io/kubernetes-id` label. */
export function groupById(objects: {
  pods: Pod[];
  deployments: Deployment[];
  metrics?: PodMetrics[];
}): Map<string, Workload> {
  const byId = new Map<string, Workload>();
  const of = (o: { metadata?: { labels?: Record<string, string> } }) => {
    const id = o?.metadata?.labels?.[KUBERNETES_ID_LABEL];
    if (typeof id !== 'string') return undefined;
    let w = byId.get(id);
    if (!w) {
      w = { pods: [], deployments: [], metrics: [] };
      byId.set(id, w);
    }
    return w;
  };
  for (const pod of objects.pods) of(pod)?.pods.push(pod);
  for (const d of objects.deployments) of(d)?.deployments.push(d);
  for (const m of objects.metrics ?? []) of(m)?.metrics.push(m);
  return byId;
}

function containerStatuses(pod: Pod): ContainerStatus[] {
  const s = pod.status;
  return [
    ...(Array.isArray(s?.initContainerStatuses)
      ? s!.initContainerStatuses
      : []),
    ...(Array.isArray(s?.containerStatuses) ? s!.containerStatuses : []),
  ].filter(c => c && typeof c === 'object');
}

/** Running and ready; a pod with an unknown phase or no status is not. */
export function isPodReady(pod: Pod): boolean {
  if (pod?.status?.phase !== 'Running') return false;
  const ready = pod.status.conditions?.find(c => c?.type === 'Ready');
  if (ready) return ready.status === 'True';
  const containers = pod.status.containerStatuses ?? [];
  return containers.length > 0 && containers.every(c => c?.ready === true);
}

/** What is wrong with a pod, as the pulse and the card word it. */
export interface PodProblem {
  /** A failing waiting reason (CrashLoopBackOff, ...) with its message. */
  waiting?: { reason: string; message?: string };
  /** Set when a container was OOMKilled: a marker of that termination. */
  oomKilled?: string;
  restartCount: number;
}

export function podProblem(pod: Pod): PodProblem {
  const problem: PodProblem = { restartCount: 0 };
  for (const c of containerStatuses(pod)) {
    problem.restartCount += Number(c.restartCount) || 0;
    const reason = c.state?.waiting?.reason;
    if (!problem.waiting && reason && FAILING_REASONS.has(reason)) {
      const message = c.state?.waiting?.message;
      problem.waiting = { reason, ...(message ? { message } : {}) };
    }
    const terminated = [c.state?.terminated, c.lastState?.terminated].find(
      t => t?.reason === 'OOMKilled',
    );
    if (!problem.oomKilled && terminated) {
      problem.oomKilled = `${c.name ?? ''}:${c.restartCount ?? 0}:${
        terminated.finishedAt ?? ''
      }`;
    }
  }
  return problem;
}

function sumRequests(pods: Pod[], resource: 'cpu' | 'memory') {
  let sum = 0;
  for (const pod of pods) {
    for (const c of pod.spec?.containers ?? []) {
      sum += parseQuantity(c?.resources?.requests?.[resource]) ?? 0;
    }
  }
  return sum;
}

function usagePercent(
  pods: Pod[],
  metrics: PodMetrics[],
  resource: 'cpu' | 'memory',
): number | undefined {
  const byPod = new Map(metrics.map(m => [podKey(m), m]));
  const measured = pods.filter(p => byPod.has(podKey(p)));
  const requests = sumRequests(measured, resource);
  if (!measured.length || requests <= 0) return undefined;
  let usage = 0;
  for (const pod of measured) {
    for (const c of byPod.get(podKey(pod))!.containers ?? []) {
      usage += parseQuantity(c?.usage?.[resource]) ?? 0;
    }
  }
  return Math.round((usage / requests) * 100);
}

function failingReason(pods: Pod[]): string | undefined {
  for (const pod of pods) {
    const { waiting } = podProblem(pod);
    if (waiting) {
      return waiting.reason === 'CreateContainerConfigError' && waiting.message
        ? `${waiting.reason}: ${waiting.message}`
        : `${waiting.reason} (${pod.metadata?.name ?? 'unnamed pod'})`;
    }
  }
  return undefined;
}

function oomReason(pods: Pod[]): string | undefined {
  const pod = pods.find(p => podProblem(p).oomKilled);
  return pod ? `OOMKilled (${pod.metadata?.name ?? 'unnamed pod'})` : undefined;
}

/** The newest Warning event of a pod that is not ready, e.g. FailedScheduling. */
function eventReason(pods: Pod[], events: KubernetesEvent[]) {
  const waiting = new Set(pods.filter(p => !isPodReady(p)).map(podKey));
  const event = events
    .filter(e => waiting.has(podKey({ metadata: e.involvedObject })))
    .sort((a, b) =>
      String(b.lastTimestamp ?? '').localeCompare(
        String(a.lastTimestamp ?? ''),
      ),
    )[0];
  return event?.reason
    ? `${event.reason}${event.message ? `: ${event.message}` : ''}`
    : undefined;
}

/** One service's state in one cluster, by the card's rules. */
export function environmentStatus(
  cluster: string,
  kubernetesId: string,
  workload: Workload | undefined,
  events: KubernetesEvent[] = [],
): EnvironmentDeployment {
  const pods = workload?.pods ?? [];
  const deployments = workload?.deployments ?? [];
  if (!pods.length && !deployments.length) {
    return {
      cluster,
      status: 'not-found',
      reason: `no deployment or pod with ${KUBERNETES_ID_LABEL}=${kubernetesId}`,
      running: 0,
      desired: 0,
    };
  }
  const running = pods.filter(isPodReady).length;
  const desired = deployments.length
    ? deployments.reduce((n, d) => n + (Number(d.spec?.replicas ?? 1) || 0), 0)
    : pods.length;
  const failing = failingReason(pods);
  let status: EnvironmentDeployment['status'] = 'running';
  let reason: string | undefined;
  if (failing || (desired > 0 && running === 0)) {
    status = 'failing';
  } else if (running < desired) {
    status = 'degraded';
  }
  if (failing) {
    reason = failing;
  } else if (status !== 'running') {
    const event = eventReason(pods, events);
    reason = `${running}/${desired} pods ready${event ? ` (${event})` : ''}`;
  } else {
    reason = oomReason(pods);
  }
  const cpuPercent = usagePercent(pods, workload?.metrics ?? [], 'cpu');
  const memoryPercent = usagePercent(pods, workload?.metrics ?? [], 'memory');
  return {
    cluster,
    status,
    ...(reason ? { reason } : {}),
    running,
    desired,
    ...(cpuPercent !== undefined ? { cpuPercent } : {}),
    ...(memoryPercent !== undefined ? { memoryPercent } : {}),
  };
}

/**
 * The parts of Kubernetes objects we read, as documented (core/v1 Pod and
 * Event, apps/v1 Deployment, metrics.k8s.io/v1beta1 PodMetrics). Every field
 * is optional: a cluster may answer with objects missing any of them.
 */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; finishedAt?: string };
}

export interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Pod {
  metadata?: ObjectMeta;
  spec?: {
    containers?: Array<{
      name?: string;
      resources?: { requests?: { cpu?: string; memory?: string } };
    }>;
  };
  status?: {
    phase?: string;
    conditions?: Array<{ type?: string; status?: string }>;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface Deployment {
  metadata?: ObjectMeta;
  spec?: { replicas?: number };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

export interface PodMetrics {
  metadata?: ObjectMeta;
  containers?: Array<{
    name?: string;
    usage?: { cpu?: string; memory?: string };
  }>;
}

export interface KubernetesEvent {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  lastTimestamp?: string;
}

export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity ("250m", "128Mi", "1.5", "2e3") as a number; undefined when it is none. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(
    value.trim(),
  );
  if (!match || !(match[2] in SUFFIXES)) return undefined;
  const n = Number(match[1]) * SUFFIXES[match[2]];
  return Number.isFinite(n) ? n : undefined;
}

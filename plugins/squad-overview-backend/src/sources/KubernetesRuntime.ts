import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { STATUS_CODES } from 'node:http';
import {
  Deployment,
  KUBERNETES_ID_LABEL,
  KubernetesEvent,
  Pod,
  PodMetrics,
} from '../kubernetes/objects';
import { isPodReady, podProblem } from '../kubernetes/workloadStatus';

/** What one cluster answered for a set of kubernetes ids. */
export interface ClusterSnapshot {
  cluster: string;
  /** Set when the cluster could not be read: "401 Unauthorized", "timed out after 10 s". */
  error?: string;
  pods: Pod[];
  deployments: Deployment[];
  /** Empty when the cluster serves no metrics.k8s.io. */
  metrics: PodMetrics[];
  /** Warning events of pods, read only when a pod is waiting for no reason of its own (e.g. unschedulable). */
  events: KubernetesEvent[];
}

/** Clusters as the Kubernetes backend lists them; undefined when it serves none. */
export type ClusterList = { names: string[] } | { error: string };

// Kubernetes and proxies accept request lines of several KB; a label selector
// of this length keeps each request well under that.
const MAX_SELECTOR_LENGTH = 2000;

/** `backstage.io/kubernetes-id in (a,b,c)` selectors, as few as fit. */
export function labelSelectors(ids: string[]): string[] {
  const prefix = `${KUBERNETES_ID_LABEL} in (`;
  const selectors: string[] = [];
  let current: string[] = [];
  let length = prefix.length + 1;
  for (const id of [...new Set(ids)].sort()) {
    if (current.length && length + id.length + 1 > MAX_SELECTOR_LENGTH) {
      selectors.push(`${prefix}${current.join(',')})`);
      current = [];
      length = prefix.length + 1;
    }
    current.push(id);
    length += id.length + 1;
  }
  if (current.length) selectors.push(`${prefix}${current.join(',')})`);
  return selectors;
}

class ClusterError extends Error {}

/**
 * When the Kubernetes backend's proxy could not reach the cluster it answers
 * 500 with a Backstage error ("Cluster 'prod' request error; caused by Error:
 * connect ECONNREFUSED ..."): worth showing. Other bodies are dropped.
 */
async function proxyError(res: Response): Promise<string> {
  if (res.status !== 500) {
    // Not awaited: cancelling a body can wait until the request's signal.
    res.body?.cancel().catch(() => {});
    return '';
  }
  const body = (await res.json().catch(() => undefined)) as
    | { error?: { message?: unknown } }
    | undefined;
  const message = body?.error?.message;
  return typeof message === 'string' && message ? `: ${message}` : '';
}

/**
 * Pods, deployments, events and pod metrics read through the Kubernetes
 * backend's proxy (`/api/kubernetes/proxy`, header
 * `Backstage-Kubernetes-Cluster`) with this plugin's service token: the
 * Kubernetes backend holds the clusters' URLs and credentials. Per cluster
 * one list call per object type across all namespaces, selected by label.
 */
export class KubernetesRuntime {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly timeoutSeconds: number,
  ) {}

  private async call(path: string, cluster?: string): Promise<unknown> {
    const base = await this.discovery.getBaseUrl('kubernetes');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'kubernetes',
    });
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(cluster ? { 'Backstage-Kubernetes-Cluster': cluster } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutSeconds * 1000),
      });
      if (!res.ok) {
        throw new ClusterError(
          `${res.status} ${STATUS_CODES[res.status] ?? res.statusText}`.trim() +
            (await proxyError(res)),
        );
      }
      return await res.json();
    } catch (error) {
      if (error instanceof ClusterError) throw error;
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ClusterError(`timed out after ${this.timeoutSeconds} s`);
      }
      throw new ClusterError(
        `not reachable: ${(error as Error)?.message ?? error}`,
      );
    }
  }

  /** The clusters the Kubernetes backend knows (GET /clusters). */
  async listClusters(): Promise<ClusterList> {
    try {
      const body = (await this.call('/clusters')) as {
        items?: Array<{ name?: unknown }>;
      };
      const names = (body?.items ?? [])
        .map(c => c?.name)
        .filter((n): n is string => typeof n === 'string' && n.length > 0);
      return { names };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  private async list<T>(cluster: string, path: string): Promise<T[]> {
    const body = (await this.call(`/proxy${path}`, cluster)) as {
      items?: unknown;
    };
    return Array.isArray(body?.items) ? (body.items as T[]) : [];
  }

  private async listAll<T>(cluster: string, path: string, ids: string[]) {
    const pages = await Promise.all(
      labelSelectors(ids).map(selector =>
        this.list<T>(
          cluster,
          `${path}?labelSelector=${encodeURIComponent(selector)}`,
        ),
      ),
    );
    return pages.flat();
  }

  /** One cluster's objects for these ids; a failing cluster gives `error`. */
  async snapshot(cluster: string, ids: string[]): Promise<ClusterSnapshot> {
    const empty = {
      cluster,
      pods: [],
      deployments: [],
      metrics: [],
      events: [],
    };
    if (!ids.length) return empty;
    try {
      const [pods, deployments, metrics] = await Promise.all([
        this.listAll<Pod>(cluster, '/api/v1/pods', ids),
        this.listAll<Deployment>(cluster, '/apis/apps/v1/deployments', ids),
        // A cluster without metrics-server answers 404: no CPU and memory.
        this.listAll<PodMetrics>(
          cluster,
          '/apis/metrics.k8s.io/v1beta1/pods',
          ids,
        ).catch(() => []),
      ]);
      const unexplained = pods.some(
        p => !isPodReady(p) && !podProblem(p).waiting,
      );
      const events = unexplained
        ? await this.list<KubernetesEvent>(
            cluster,
            `/api/v1/events?fieldSelector=${encodeURIComponent(
              'type=Warning,involvedObject.kind=Pod',
            )}`,
          ).catch(() => [])
        : [];
      return { cluster, pods, deployments, metrics, events };
    } catch (error) {
      return { ...empty, error: (error as Error).message };
    }
  }
}

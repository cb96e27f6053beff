import { delay, http, HttpResponse } from 'msw';

/*
 * The Kubernetes API of several clusters at the HTTP level (msw), behind the
 * real Kubernetes backend: each cluster is configured with the URL
 * http://k8s.test/<cluster>. Objects have the documented shapes of core/v1
 * Pod and Event, apps/v1 Deployment and metrics.k8s.io/v1beta1 PodMetrics.
 */
export const KUBERNETES_URL = 'http://k8s.test';
export const KUBERNETES_TOKEN = 'sa-token';
const ID = 'backstage.io/kubernetes-id';

export interface PodSpec {
  name: string;
  phase?: string;
  ready?: boolean;
  waiting?: { reason: string; message?: string };
  lastTerminated?: string;
  restartCount?: number;
  cpu?: string;
  memory?: string;
  /** No `status` at all. */
  noStatus?: boolean;
  namespace?: string;
}

export function pod(id: string, spec: PodSpec): any {
  const namespace = spec.namespace ?? 'default';
  const labels = { [ID]: id, app: id };
  const phase = spec.phase ?? 'Running';
  const ready = spec.ready ?? (phase === 'Running' && !spec.waiting);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: spec.name, namespace, uid: `uid-${spec.name}`, labels },
    spec: {
      containers: [
        {
          name: id,
          image: `${id}:1`,
          resources: { requests: { cpu: '500m', memory: '256Mi' } },
        },
      ],
    },
    ...(spec.noStatus
      ? {}
      : {
          status: {
            phase,
            conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
            containerStatuses: [
              {
                name: id,
                ready,
                restartCount: spec.restartCount ?? 0,
                state: spec.waiting
                  ? { waiting: spec.waiting }
                  : { running: { startedAt: '2026-12-06T10:00:00Z' } },
                lastState: spec.lastTerminated
                  ? {
                      terminated: {
                        reason: spec.lastTerminated,
                        exitCode: 137,
                        finishedAt: '2026-12-06T10:00:00Z',
                      },
                    }
                  : {},
              },
            ],
          },
        }),
  };
}

export function deployment(id: string, replicas: number, ready = replicas) {
  const labels = { [ID]: id };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: id, namespace: 'default', labels },
    spec: { replicas, selector: { matchLabels: labels } },
    status: { replicas, readyReplicas: ready, availableReplicas: ready },
  };
}

export function podMetrics(
  id: string,
  name: string,
  cpu: string,
  memory: string,
) {
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: { name, namespace: 'default', labels: { [ID]: id } },
    timestamp: '2026-12-06T10:00:00Z',
    window: '30s',
    containers: [{ name: id, usage: { cpu, memory } }],
  };
}

export interface ClusterObjects {
  pods: any[];
  deployments: any[];
  metrics?: any[];
  events?: any[];
  failure?: 'unauthorized' | 'error' | 'hang';
}

/** What a test sets per cluster, and the requests the clusters received. */
export class FakeClusters {
  readonly objects = new Map<string, ClusterObjects>();
  readonly requests: string[] = [];

  set(cluster: string, objects: ClusterObjects) {
    this.objects.set(cluster, objects);
  }

  /** A service's pods and deployment, replacing what it had. */
  workload(cluster: string, id: string, replicas: number, pods: PodSpec[]) {
    const c = this.objects.get(cluster) ?? { pods: [], deployments: [] };
    const other = (o: any) => o.metadata?.labels?.[ID] !== id;
    this.objects.set(cluster, {
      ...c,
      pods: [...c.pods.filter(other), ...pods.map(p => pod(id, p))],
      deployments: [...c.deployments.filter(other), deployment(id, replicas)],
    });
  }

  reset() {
    this.objects.clear();
    this.requests.length = 0;
  }

  handlers() {
    const list =
      (kind: keyof ClusterObjects, path: string) =>
      async ({ request, params }: { request: Request; params: any }) => {
        const cluster = String(params.cluster);
        const url = new URL(request.url);
        this.requests.push(`${cluster} ${path}${url.search}`);
        if (
          request.headers.get('authorization') !== `Bearer ${KUBERNETES_TOKEN}`
        ) {
          return HttpResponse.json(
            { kind: 'Status', code: 401 },
            { status: 401 },
          );
        }
        const objects = this.objects.get(cluster) ?? {
          pods: [],
          deployments: [],
        };
        if (objects.failure === 'unauthorized') {
          return HttpResponse.json(
            {
              kind: 'Status',
              status: 'Failure',
              reason: 'Unauthorized',
              code: 401,
            },
            { status: 401 },
          );
        }
        if (objects.failure === 'error') {
          return HttpResponse.json(
            {
              kind: 'Status',
              status: 'Failure',
              reason: 'InternalError',
              code: 500,
            },
            { status: 500 },
          );
        }
        if (objects.failure === 'hang') {
          await delay('infinite');
        }
        const selector = url.searchParams.get('labelSelector');
        const set = selector && /^\S+ in \((.*)\)$/.exec(selector);
        const ids = set ? new Set(set[1].split(',')) : undefined;
        const items = ((objects[kind] as any[]) ?? []).filter(
          o => !ids || ids.has(o.metadata?.labels?.[ID]),
        );
        return HttpResponse.json({ kind: 'List', apiVersion: 'v1', items });
      };
    return [
      http.get(`${KUBERNETES_URL}/:cluster/api/v1/pods`, list('pods', 'pods')),
      http.get(
        `${KUBERNETES_URL}/:cluster/apis/apps/v1/deployments`,
        list('deployments', 'deployments'),
      ),
      http.get(
        `${KUBERNETES_URL}/:cluster/apis/metrics.k8s.io/v1beta1/pods`,
        list('metrics', 'metrics'),
      ),
      http.get(
        `${KUBERNETES_URL}/:cluster/api/v1/events`,
        list('events', 'events'),
      ),
    ];
  }
}

/** kubernetes config with one config-located cluster per name. */
export function kubernetesConfig(
  clusters: string[],
  urls: Record<string, string> = {},
) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(name => ({
          name,
          url: urls[name] ?? `${KUBERNETES_URL}/${name}`,
          authProvider: 'serviceAccount',
          serviceAccountToken: KUBERNETES_TOKEN,
          skipTLSVerify: true,
          skipMetricsLookup: false,
        })),
      },
    ],
  };
}

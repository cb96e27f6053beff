/*
 * A fake Kubernetes API server for the end-to-end tests and the benchmark,
 * standing in for the clusters behind the real Kubernetes backend
 * (@backstage/plugin-kubernetes-backend).
 *
 * One plain node http server on 127.0.0.1:<port> serves every cluster: the
 * first path segment is the cluster name, so app-config.e2e.yaml gives each
 * cluster its own URL (`http://127.0.0.1:7190/prod`, `.../dev`) and the
 * Kubernetes backend's proxy, which appends the API path to the cluster
 * URL's path, lands on `/prod/api/v1/pods`.
 *
 * It serves, with labelSelector filtering (`key=value`, `key==value`,
 * `key!=value`, `key in (a,b)`, comma-joined) and namespaced variants
 * (`/api/v1/namespaces/<ns>/pods`):
 *   /api/v1/pods                          core/v1 Pod
 *   /apis/apps/v1/deployments             apps/v1 Deployment
 *   /apis/apps/v1/replicasets             apps/v1 ReplicaSet (the Kubernetes tab groups pods by them)
 *   /api/v1/events                        core/v1 Event (Warning events of waiting pods)
 *   /apis/metrics.k8s.io/v1beta1/pods     PodMetrics of pods given cpu/memory
 * and an empty list for any other list the Kubernetes tab asks for
 * (services, configmaps, ingresses, ...). Every request needs
 * `Authorization: Bearer fake-token` (401 otherwise).
 *
 * Each setWorkload is like a new rollout of that service: its pods get new
 * uids and their terminations a new time, so setting the same crash loop
 * again after it was gone is a new transition for the pulse (the pulse
 * records a pod's transition once per pod uid and restart count).
 *
 * Besides the API used by the e2e specs (`setWorkload`, `clear`, `close`),
 * `setFailure(cluster, 'unauthorized' | 'error' | 'hang' | undefined)` makes
 * a cluster refuse, fail or hang, and `requests` counts API requests (the
 * benchmark's figure).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakePod {
  name: string;
  /** Default Running. */
  phase?: string;
  /** Default: Running and not waiting. */
  ready?: boolean;
  waiting?: { reason: string; message?: string };
  lastTerminated?: { reason: string };
  /** PodMetrics usage, e.g. "250m"; the pod requests 500m CPU. */
  cpu?: string;
  /** PodMetrics usage, e.g. "128Mi"; the pod requests 256Mi. */
  memory?: string;
}

export interface FakeWorkload {
  replicas: number;
  pods: FakePod[];
  /** Default `default`. */
  namespace?: string;
}

export type FakeFailure = 'unauthorized' | 'error' | 'hang';

export interface FakeKubernetes {
  url: string;
  setWorkload(
    cluster: string,
    kubernetesId: string,
    workload: FakeWorkload,
  ): void;
  clear(): void;
  close(): Promise<void>;
  setFailure(cluster: string, failure: FakeFailure | undefined): void;
  /** API requests served since start (or since `requests.reset()`). */
  requests: { total: number; byPath: Map<string, number>; reset(): void };
}

export const FAKE_KUBERNETES_TOKEN = 'fake-token';
const ID_LABEL = 'backstage.io/kubernetes-id';
const CPU_REQUEST = '500m';
const MEMORY_REQUEST = '256Mi';

type Obj = {
  metadata: { labels?: Record<string, string>; namespace?: string };
};

function uid(...parts: string[]) {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/** The objects of one workload, shaped as the Kubernetes API documents them. */
function objectsOf(id: string, w: FakeWorkload, at: string, rollout: number) {
  const namespace = w.namespace ?? 'default';
  const labels = { [ID_LABEL]: id, app: id };
  const rsName = `${id}-${uid(id, 'rs').slice(0, 10)}`;
  const pods = w.pods.map(p => {
    const phase = p.phase ?? 'Running';
    const ready = p.ready ?? (phase === 'Running' && !p.waiting);
    const restarts = p.waiting || p.lastTerminated ? 3 : 0;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: p.name,
        namespace,
        uid: uid(id, p.name, String(rollout)),
        labels,
        creationTimestamp: at,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rsName,
            uid: uid(id, 'rs'),
            controller: true,
          },
        ],
      },
      spec: {
        containers: [
          {
            name: id,
            image: `registry.example.com/${id}:1.0.0`,
            resources: {
              requests: { cpu: CPU_REQUEST, memory: MEMORY_REQUEST },
              limits: { cpu: '1', memory: '512Mi' },
            },
          },
        ],
      },
      status: {
        phase,
        conditions: [
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            lastTransitionTime: at,
          },
          {
            type: 'ContainersReady',
            status: ready ? 'True' : 'False',
            lastTransitionTime: at,
          },
        ],
        startTime: at,
        containerStatuses: [
          {
            name: id,
            image: `registry.example.com/${id}:1.0.0`,
            ready,
            started: phase === 'Running',
            restartCount: restarts,
            state: p.waiting
              ? {
                  waiting: {
                    reason: p.waiting.reason,
                    ...(p.waiting.message
                      ? { message: p.waiting.message }
                      : {}),
                  },
                }
              : phase === 'Running'
              ? { running: { startedAt: at } }
              : {},
            lastState: p.lastTerminated
              ? {
                  terminated: {
                    reason: p.lastTerminated.reason,
                    exitCode: 137,
                    startedAt: at,
                    finishedAt: at,
                  },
                }
              : {},
          },
        ],
      },
    };
  });
  const readyCount = pods.filter(
    p => p.status.containerStatuses[0].ready,
  ).length;
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: id,
      namespace,
      uid: uid(id, 'deploy'),
      labels,
      creationTimestamp: at,
    },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: id }] } },
      strategy: { type: 'RollingUpdate' },
    },
    status: {
      replicas: pods.length,
      readyReplicas: readyCount,
      availableReplicas: readyCount,
      updatedReplicas: pods.length,
      unavailableReplicas: Math.max(0, w.replicas - readyCount),
      conditions: [
        {
          type: 'Available',
          status: readyCount >= w.replicas ? 'True' : 'False',
          reason:
            readyCount >= w.replicas
              ? 'MinimumReplicasAvailable'
              : 'MinimumReplicasUnavailable',
        },
      ],
    },
  };
  const replicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName,
      namespace,
      uid: uid(id, 'rs'),
      labels,
      creationTimestamp: at,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: id,
          uid: uid(id, 'deploy'),
          controller: true,
        },
      ],
    },
    spec: { replicas: w.replicas, selector: { matchLabels: labels } },
    status: {
      replicas: pods.length,
      readyReplicas: readyCount,
      availableReplicas: readyCount,
    },
  };
  const events = w.pods
    .filter(p => p.waiting)
    .map(p => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${p.name}.${uid(p.name).slice(0, 8)}`, namespace },
      type: 'Warning',
      reason: p.waiting!.reason === 'CrashLoopBackOff' ? 'BackOff' : 'Failed',
      message: p.waiting!.message ?? `Error: ${p.waiting!.reason}`,
      involvedObject: {
        kind: 'Pod',
        name: p.name,
        namespace,
        uid: uid(id, p.name, String(rollout)),
      },
      count: 3,
      firstTimestamp: at,
      lastTimestamp: at,
    }));
  const metrics = w.pods
    .filter(p => p.cpu || p.memory)
    .map(p => ({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: { name: p.name, namespace, labels, creationTimestamp: at },
      timestamp: at,
      window: '30s',
      containers: [
        { name: id, usage: { cpu: p.cpu ?? '0', memory: p.memory ?? '0' } },
      ],
    }));
  return {
    pods,
    deployments: [deployment],
    replicasets: [replicaSet],
    events,
    metrics,
  };
}

/** A labelSelector as the API server reads it. */
function selectorMatcher(
  selector: string | null,
): (labels: Record<string, string>) => boolean {
  if (!selector) return () => true;
  const requirements = selector
    .split(/,(?![^()]*\))/)
    .map(r => r.trim())
    .filter(Boolean);
  const tests = requirements.map(r => {
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(r);
    if (set) {
      const values = new Set(set[3].split(',').map(v => v.trim()));
      return (l: Record<string, string>) =>
        set[2] === 'in' ? values.has(l[set[1]]) : !values.has(l[set[1]]);
    }
    const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(r);
    if (eq) {
      return (l: Record<string, string>) =>
        eq[2] === '!=' ? l[eq[1]] !== eq[3] : l[eq[1]] === eq[3];
    }
    const exists = /^(!?)(\S+)$/.exec(r)!;
    return (l: Record<string, string>) =>
      exists[1] ? !(exists[2] in l) : exists[2] in l;
  });
  return labels => tests.every(t => t(labels ?? {}));
}

const KINDS: Array<
  [RegExp, 'pods' | 'deployments' | 'replicasets' | 'events' | 'metrics']
> = [
  [/^\/api\/v1\/(?:namespaces\/([^/]+)\/)?pods$/, 'pods'],
  [/^\/apis\/apps\/v1\/(?:namespaces\/([^/]+)\/)?deployments$/, 'deployments'],
  [/^\/apis\/apps\/v1\/(?:namespaces\/([^/]+)\/)?replicasets$/, 'replicasets'],
  [/^\/api\/v1\/(?:namespaces\/([^/]+)\/)?events$/, 'events'],
  [
    /^\/apis\/metrics\.k8s\.io\/v1beta1\/(?:namespaces\/([^/]+)\/)?pods$/,
    'metrics',
  ],
];

export async function startFakeKubernetes(
  port = 7190,
): Promise<FakeKubernetes> {
  // cluster -> kubernetes id -> objects
  const clusters = new Map<string, Map<string, ReturnType<typeof objectsOf>>>();
  const failures = new Map<string, FakeFailure>();
  let rollouts = 0;
  const hanging = new Set<http.ServerResponse>();
  const requests = {
    total: 0,
    byPath: new Map<string, number>(),
    reset() {
      this.total = 0;
      this.byPath.clear();
    },
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // The proxy may join the cluster path and the API path with '//'.
    const [, cluster, ...rest] = url.pathname
      .replace(/\/{2,}/g, '/')
      .split('/');
    const path = `/${rest.join('/')}`;
    requests.total++;
    requests.byPath.set(path, (requests.byPath.get(path) ?? 0) + 1);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, reason: string, message: string) =>
      send(code, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        code,
      });
    if (req.headers.authorization !== `Bearer ${FAKE_KUBERNETES_TOKEN}`) {
      status(401, 'Unauthorized', 'Unauthorized');
      return;
    }
    const failure = failures.get(cluster);
    if (failure === 'unauthorized') {
      status(401, 'Unauthorized', 'Unauthorized');
      return;
    }
    if (failure === 'error') {
      status(
        500,
        'InternalError',
        'Internal error occurred: etcdserver: request timed out',
      );
      return;
    }
    if (failure === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (req.method !== 'GET') {
      status(405, 'MethodNotAllowed', 'the fake Kubernetes API only lists');
      return;
    }
    const matches = selectorMatcher(url.searchParams.get('labelSelector'));
    const fieldSelector = url.searchParams.get('fieldSelector') ?? '';
    for (const [pattern, kind] of KINDS) {
      const m = pattern.exec(path);
      if (!m) continue;
      const namespace = m[1];
      const items = [...(clusters.get(cluster)?.values() ?? [])]
        .flatMap(o => o[kind] as Obj[])
        .filter(o => !namespace || o.metadata.namespace === namespace)
        .filter(o => kind === 'events' || matches(o.metadata.labels ?? {}))
        .filter(() => kind !== 'events' || !/type=Normal/.test(fieldSelector));
      send(200, {
        kind: 'List',
        apiVersion: 'v1',
        metadata: { resourceVersion: '1' },
        items,
      });
      return;
    }
    // Everything else the Kubernetes tab lists (services, configmaps, ...).
    send(200, {
      kind: 'List',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1' },
      items: [],
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    setWorkload(cluster, kubernetesId, workload) {
      if (!clusters.has(cluster)) clusters.set(cluster, new Map());
      clusters
        .get(cluster)!
        .set(
          kubernetesId,
          objectsOf(
            kubernetesId,
            workload,
            new Date().toISOString(),
            ++rollouts,
          ),
        );
    },
    setFailure(cluster, failure) {
      if (failure) failures.set(cluster, failure);
      else failures.delete(cluster);
    },
    clear() {
      clusters.clear();
      failures.clear();
    },
    close() {
      for (const res of hanging) res.destroy();
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close(error => (error ? reject(error) : resolve()));
      });
    },
  };
}

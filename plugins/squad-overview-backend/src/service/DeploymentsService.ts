import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DeploymentsOverview,
  ServiceDeployments,
} from '@internal/backstage-plugin-squad-overview-common';
import { environmentStatus, groupById } from '../kubernetes/workloadStatus';
import {
  ClusterList,
  ClusterSnapshot,
  KubernetesRuntime,
} from '../sources/KubernetesRuntime';
import { KUBERNETES_ID_ANNOTATION, SquadDirectory } from './SquadDirectory';

export const KUBERNETES_HOW_TO_CONFIGURE =
  'No Kubernetes cluster is configured. Add one per environment under kubernetes.clusterLocatorMethods (type: config) in app-config; ' +
  'production (app-config.production.yaml) reads them from K8S_DEV_URL/K8S_DEV_TOKEN, K8S_STAGING_URL/K8S_STAGING_TOKEN and K8S_PROD_URL/K8S_PROD_TOKEN.';

/**
 * Reuses answers for a few seconds, and joins a read already under way,
 * unless that read started before `notBefore`.
 */
class ShortCache {
  private readonly entries = new Map<
    string,
    { started: number; expires: number; value: Promise<unknown> }
  >();

  constructor(private readonly ttlMs: number) {}

  get<T>(key: string, read: () => Promise<T>, notBefore = 0): Promise<T> {
    const now = Date.now();
    for (const [k, e] of this.entries) {
      if (e.expires <= now) this.entries.delete(k);
    }
    const hit = this.entries.get(key);
    if (hit && hit.started >= notBefore) return hit.value as Promise<T>;
    const value = read();
    const entry = { started: now, expires: now + this.ttlMs, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}

/** GET /squads/{namespace}/{name}/deployments. */
export class DeploymentsService {
  private readonly cache: ShortCache;

  constructor(
    private readonly options: {
      directory: SquadDirectory;
      runtime: KubernetesRuntime;
      cacheSeconds: number;
    },
  ) {
    this.cache = new ShortCache(options.cacheSeconds * 1000);
  }

  /**
   * `since` (epoch ms): only reads of the clusters started at or after it
   * answer, so a reload on a pod pulse entry shows the change it announces.
   * A `since` ahead of this clock (another replica's, a client's) counts as
   * the time the request arrived, so it cannot keep every read uncached.
   */
  async getDeployments(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
    since?: number,
  ): Promise<DeploymentsOverview> {
    const { directory, runtime } = this.options;
    const notBefore =
      since === undefined ? undefined : Math.min(since, Date.now());
    const squad = await directory.getSquad(namespace, name, credentials);
    const components = await directory.listSquadComponents(
      squad.entityRef,
      credentials,
    );
    const rows = components.map(entity => {
      const id = entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION];
      return {
        service: entity.metadata.name,
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...(id ? { kubernetesId: id } : {}),
      };
    });
    const clusters = await this.cache.get<ClusterList>('clusters', async () =>
      runtime.listClusters(),
    );
    if ('error' in clusters || clusters.names.length === 0) {
      return {
        configured: false,
        howToConfigure:
          'error' in clusters
            ? `The Kubernetes backend did not list its clusters (${clusters.error}). ${KUBERNETES_HOW_TO_CONFIGURE}`
            : KUBERNETES_HOW_TO_CONFIGURE,
        clusters: [],
        services: rows.map(row => ({ ...row, environments: [] })),
        asOf: new Date().toISOString(),
      };
    }
    const ids = [
      ...new Set(rows.flatMap(r => (r.kubernetesId ? [r.kubernetesId] : []))),
    ].sort();
    const snapshots = await Promise.all(
      clusters.names.map(cluster =>
        this.cache.get(
          `snapshot\n${cluster}\n${ids.join(',')}`,
          async () => ({
            at: Date.now(),
            snapshot: await runtime.snapshot(cluster, ids),
          }),
          notBefore,
        ),
      ),
    );
    return {
      configured: true,
      clusters: snapshots.map(({ snapshot: s }) => ({
        name: s.cluster,
        ok: !s.error,
        ...(s.error ? { error: s.error } : {}),
      })),
      services: rows.map(row => ({
        ...row,
        environments: row.kubernetesId
          ? snapshots.map(({ snapshot }) =>
              environmentOf(snapshot, row.kubernetesId!),
            )
          : [],
      })),
      asOf: new Date(Math.min(...snapshots.map(s => s.at))).toISOString(),
    };
  }
}

const grouped = new WeakMap<ClusterSnapshot, ReturnType<typeof groupById>>();

function environmentOf(
  snapshot: ClusterSnapshot,
  id: string,
): ServiceDeployments['environments'][number] {
  if (snapshot.error) {
    return {
      cluster: snapshot.cluster,
      status: 'cluster-error',
      reason: snapshot.error,
      running: 0,
      desired: 0,
    };
  }
  let byId = grouped.get(snapshot);
  if (!byId) {
    byId = groupById(snapshot);
    grouped.set(snapshot, byId);
  }
  return environmentStatus(snapshot.cluster, id, byId.get(id), snapshot.events);
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { PulseKind } from '@internal/backstage-plugin-squad-overview-common';
import { Pod } from '../kubernetes/objects';
import {
  environmentStatus,
  groupById,
  isPodReady,
  podKey,
  podProblem,
} from '../kubernetes/workloadStatus';
import { PulseRecorder } from '../service/PulseRecorder';
import {
  KUBERNETES_ID_ANNOTATION,
  OwnedService,
  SquadDirectory,
} from '../service/SquadDirectory';
import {
  ClusterSnapshot,
  KubernetesRuntime,
} from '../sources/KubernetesRuntime';
import { RuntimeStateStore, SeenState } from '../types';

export interface PodActivitySettings {
  notifyClusters: string[];
  notifyEveryMinutes: number;
}

const KIND_OF_REASON: Record<string, PulseKind> = {
  CrashLoopBackOff: 'pod-crash-loop',
  CreateContainerConfigError: 'pod-config-error',
  ImagePullBackOff: 'pod-image-pull',
  ErrImagePull: 'pod-image-pull',
};
const BAD_STATUSES = new Set(['failing', 'degraded']);
const CLUSTER_KEY = 'cluster';

interface Transition {
  kind: PulseKind;
  id: string;
  sourceId: string;
  summary: string;
}

/**
 * A pod's remembered state: its failing waiting reason and its last OOM kill.
 * The reason stays until the pod is ready again, so that a pod in a crash
 * loop (briefly Running between back-offs) is one transition, not one per
 * restart.
 */
function podState(
  pod: Pod,
  before: string[],
): { waiting: string; oom: string; text: string } {
  const p = podProblem(pod);
  const waiting = p.waiting?.reason ?? (isPodReady(pod) ? '' : before[0]);
  const oom = p.oomKilled ?? '';
  return { waiting, oom, text: waiting || oom ? `${waiting}|${oom}` : '' };
}

/**
 * Compares every cluster's pods and deployments of annotated components with
 * the last seen states (in the database) and records the transitions in the
 * pulse: a pod entering CrashLoopBackOff, CreateContainerConfigError or
 * ImagePullBackOff/ErrImagePull, a container OOMKilled, and a deployment
 * back to all pods running after failing or degraded. A CrashLoopBackOff in
 * one of `notifyClusters` also notifies the owning squad, at most once per
 * service per `notifyEveryMinutes`.
 *
 * The first successful poll of a cluster learns its states; of those it
 * records only pods that are failing now (a crash loop the squad should
 * know of), not old OOM kills nor recoveries.
 */
export class PodActivity {
  private readonly lastErrors = new Map<string, string>();

  constructor(
    private readonly options: {
      runtime: KubernetesRuntime;
      directory: SquadDirectory;
      states: RuntimeStateStore;
      recorder: PulseRecorder;
      notifications: NotificationService;
      logger: LoggerService;
      settings: PodActivitySettings;
      now?: () => number;
    },
  ) {}

  async poll(): Promise<void> {
    const { runtime, directory, logger } = this.options;
    const clusters = await runtime.listClusters();
    if ('error' in clusters || !clusters.names.length) return;
    const owners = new Map<string, OwnedService[]>();
    for (const owned of await directory.listKubernetesComponents()) {
      const id = owned.entity.metadata.annotations![KUBERNETES_ID_ANNOTATION];
      owners.set(id, [...(owners.get(id) ?? []), owned]);
    }
    if (!owners.size) return;
    for (const cluster of clusters.names) {
      const snapshot = await runtime.snapshot(cluster, [...owners.keys()]);
      if (snapshot.error) {
        // Once per new error, not on every poll of a cluster that stays down.
        const log =
          this.lastErrors.get(cluster) === snapshot.error ? 'debug' : 'warn';
        logger[log](`Pod activity: cluster ${cluster}: ${snapshot.error}`);
        this.lastErrors.set(cluster, snapshot.error);
        continue;
      }
      this.lastErrors.delete(cluster);
      await this.compare(snapshot, owners);
    }
  }

  private async compare(
    snapshot: ClusterSnapshot,
    owners: Map<string, OwnedService[]>,
  ) {
    const { states } = this.options;
    const now = (this.options.now ?? Date.now)();
    const { cluster } = snapshot;
    const seen = await states.load(cluster);
    const first = !seen.has(CLUSTER_KEY);
    const put: Array<SeenState & { key: string }> = [];
    const transitions: Transition[] = [];
    const current = new Set<string>([CLUSTER_KEY]);

    const byId = groupById(snapshot);
    for (const [id, workload] of byId) {
      if (!owners.has(id)) continue;
      for (const pod of workload.pods) {
        const key = `pod:${podKey(pod)}`;
        const before = seen.get(key)?.state.split('|') ?? ['', ''];
        const state = podState(pod, before);
        if (!state.text) continue;
        current.add(key);
        if (before.join('|') !== state.text) {
          put.push({ key, state: state.text, since: now });
        }
        transitions.push(
          ...podTransitions(cluster, id, pod, state, before, first),
        );
      }
    }
    for (const id of owners.keys()) {
      const key = `service:${id}`;
      current.add(key);
      const env = environmentStatus(cluster, id, byId.get(id));
      const before = seen.get(key);
      if (before?.state === env.status) continue;
      put.push({ key, state: env.status, since: now });
      if (
        !first &&
        before &&
        BAD_STATUSES.has(before.state) &&
        env.status === 'running'
      ) {
        transitions.push({
          kind: 'deployment-recovered',
          id,
          sourceId: `k8s:${cluster}:${id}:recovered:${before.since}`,
          summary: `${env.running}/${env.desired} pods are Running in ${cluster}`,
        });
      }
    }
    if (first) put.push({ key: CLUSTER_KEY, state: 'seen', since: now });

    for (const t of transitions) {
      for (const owner of owners.get(t.id) ?? []) {
        await this.record(cluster, owner, t, now);
      }
    }
    const remove = [...seen.keys()].filter(k => !current.has(k));
    await states.save(cluster, { put, remove });
    if (transitions.length) {
      this.options.logger.info(
        `Pod activity: ${transitions.length} transitions in ${cluster}`,
      );
    }
  }

  private async record(
    cluster: string,
    owner: OwnedService,
    t: Transition,
    now: number,
  ) {
    const { recorder, settings, states, notifications } = this.options;
    const namespace = owner.entity.metadata.namespace ?? 'default';
    const url = `/catalog/${namespace}/component/${encodeURIComponent(
      owner.service,
    )}/kubernetes`;
    const summary =
      t.kind === 'deployment-recovered'
        ? `Deployment: ${owner.service} ${t.summary}`
        : t.summary;
    const entry = await recorder.record({
      sourceId: `${t.sourceId}:${owner.service}`,
      squad: owner.squad,
      service: owner.service,
      kind: t.kind,
      summary,
      url,
      at: now,
    });
    if (
      !entry ||
      t.kind !== 'pod-crash-loop' ||
      !settings.notifyClusters.includes(cluster)
    ) {
      return;
    }
    const claimed = await states.claim(
      `crash-loop:${owner.squad}:${owner.service}`,
      now,
      settings.notifyEveryMinutes * 60_000,
    );
    if (!claimed) return;
    await notifications.send({
      recipients: { type: 'entity', entityRef: owner.squad },
      payload: {
        title: `Service ${owner.service} is in CrashLoopBackOff in ${cluster}`,
        description: summary,
        link: url,
        severity: 'high',
        topic: 'squad-overview:pod-crash-loop',
      },
    });
  }
}

function podTransitions(
  cluster: string,
  id: string,
  pod: Pod,
  state: { waiting: string; oom: string },
  before: string[],
  first: boolean,
): Transition[] {
  const name = pod.metadata?.name ?? 'unnamed';
  const base = `k8s:${cluster}:${podKey(pod)}:${pod.metadata?.uid ?? ''}`;
  const out: Transition[] = [];
  const restarts = podProblem(pod).restartCount;
  if (state.waiting && state.waiting !== before[0]) {
    const message = podProblem(pod).waiting?.message;
    const detail =
      state.waiting === 'CreateContainerConfigError' && message
        ? ` ${message}`
        : '';
    out.push({
      kind: KIND_OF_REASON[state.waiting],
      id,
      sourceId: `${base}:${state.waiting}:${restarts}`,
      summary: `Pod ${name} is in state: ${state.waiting}${detail} in ${cluster}`,
    });
  }
  // An OOM kill of a pod already in a remembered crash loop is that loop.
  if (state.oom && state.oom !== before[1] && !before[0] && !first) {
    out.push({
      kind: 'pod-oom-killed',
      id,
      sourceId: `${base}:OOMKilled:${state.oom}`,
      summary: `Pod ${name} was OOMKilled in ${cluster}`,
    });
  }
  return out;
}

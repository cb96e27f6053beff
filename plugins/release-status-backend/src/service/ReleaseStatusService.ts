import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DriftPair,
  EnvironmentState,
  GITHUB_PROJECT_SLUG_ANNOTATION,
  IngestResult,
  Release,
  ReleaseInput,
  ServiceDrift,
  ServiceHistory,
  ServiceStatus,
  SquadDrift,
} from '@internal/backstage-plugin-release-status-common';
import { isHttpUrl } from '../database/checkReleaseRecord';
import { parseArtifactId } from '../sources/releaseManagerModel';
import { CommitComparer, ReleaseStore, StoredRelease } from '../types';
import { resolveSquadServices, ServiceCatalog } from './catalog';
import { computeDriftPairs, RawDriftPair } from './drift';
import { ReleaseManagerHealthSource } from './releaseManagerHealth';

/** What the HTTP API offers; the router only parses and delegates. */
export interface ReleaseStatusService {
  getEnvironments(): string[];
  getStatus(service: string): Promise<ServiceStatus>;
  getHistory(
    service: string,
    options: { environment?: string; limit?: number },
  ): Promise<ServiceHistory>;
  getServiceDrift(service: string): Promise<ServiceDrift>;
  getSquadDrift(squad: string): Promise<SquadDrift>;
  ingest(input: ReleaseInput): Promise<IngestResult>;
}

const DRIFT_HISTORY = 200;

type ServiceContext = { slug?: string; entityRef?: string };

export class DefaultReleaseStatusService implements ReleaseStatusService {
  constructor(
    private readonly options: {
      store: ReleaseStore;
      catalog: ServiceCatalog;
      comparer: CommitComparer;
      environments: string[];
      logger: LoggerService;
      /** Whether the release manager's data is current; absent: not told. */
      releaseManager?: ReleaseManagerHealthSource;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  getEnvironments(): string[] {
    return [...this.options.environments];
  }

  private checkEnvironment(environment: string) {
    if (!this.options.environments.includes(environment)) {
      throw new InputError(
        `Unknown environment '${environment}'; configured: ${this.options.environments.join(
          ', ',
        )}`,
      );
    }
  }

  /** The repository and entity of the service; the catalog may be down. */
  private async context(service: string): Promise<ServiceContext> {
    try {
      const entity = await this.options.catalog.findService(service);
      return entity ? contextOf(entity) : {};
    } catch (error) {
      this.options.logger.warn(
        `Catalog look-up of service ${service} failed: ${error}`,
      );
      return {};
    }
  }

  private toRelease(release: StoredRelease, context: ServiceContext): Release {
    const { id: _id, releasedAt, repositoryUrl, buildUrl, ...rest } = release;
    let commitUrl: string | undefined;
    if (release.sha) {
      if (context.slug) {
        commitUrl = `${this.options.comparer.webBaseUrl}/${context.slug}/commit/${release.sha}`;
      } else if (repositoryUrl && /^https?:\/\//.test(repositoryUrl)) {
        commitUrl = `${repositoryUrl.replace(/\/+$/, '')}/commit/${
          release.sha
        }`;
      }
    }
    return {
      ...dropUndefined(rest),
      releasedAt: new Date(releasedAt).toISOString(),
      // Rows stored before links were checked may hold any scheme.
      ...(buildUrl && isHttpUrl(buildUrl) && { buildUrl }),
      ...(commitUrl && { commitUrl }),
    };
  }

  private async currentByEnvironment(service: string) {
    const current = new Map<string, StoredRelease | undefined>();
    await Promise.all(
      this.options.environments.map(async env => {
        current.set(env, await this.options.store.current(service, env));
      }),
    );
    return current;
  }

  private states(
    current: Map<string, StoredRelease | undefined>,
    context: ServiceContext,
  ): EnvironmentState[] {
    return this.options.environments.map(environment => {
      const release = current.get(environment);
      return release
        ? { environment, release: this.toRelease(release, context) }
        : { environment };
    });
  }

  async getStatus(service: string): Promise<ServiceStatus> {
    const [current, context] = await Promise.all([
      this.currentByEnvironment(service),
      this.context(service),
    ]);
    return {
      service,
      hasReleases: [...current.values()].some(Boolean),
      environments: this.states(current, context),
    };
  }

  async getHistory(
    service: string,
    options: { environment?: string; limit?: number },
  ): Promise<ServiceHistory> {
    if (options.environment) {
      this.checkEnvironment(options.environment);
    }
    const [releases, context] = await Promise.all([
      this.options.store.history(service, {
        environment: options.environment,
        limit: options.limit ?? 50,
      }),
      this.context(service),
    ]);
    return {
      service,
      releases: releases.map(r => this.toRelease(r, context)),
    };
  }

  async getServiceDrift(service: string): Promise<ServiceDrift> {
    const [context, releaseManager] = await Promise.all([
      this.context(service),
      this.options.releaseManager?.get(),
    ]);
    return {
      ...(await this.drift(service, context, true)),
      ...(releaseManager && { releaseManager }),
    };
  }

  private async drift(
    service: string,
    context: ServiceContext,
    withCommits: boolean,
  ): Promise<ServiceDrift> {
    const { store, environments } = this.options;
    const current = await this.currentByEnvironment(service);
    const history = new Map<string, StoredRelease[]>();
    if ([...current.values()].filter(Boolean).length > 1) {
      await Promise.all(
        environments.map(async environment => {
          const releases = await store.history(service, {
            environment,
            limit: DRIFT_HISTORY,
          });
          history.set(
            environment,
            releases.filter(r => !r.failed),
          );
        }),
      );
    }
    const raw = computeDriftPairs({ environments, current, history });
    const pairs = await Promise.all(
      raw.map(pair => this.toPair(pair, context, withCommits)),
    );
    return {
      service,
      ...(context.entityRef && { entityRef: context.entityRef }),
      hasReleases: [...current.values()].some(Boolean),
      drifting: pairs.length > 0,
      environments: this.states(current, context),
      pairs,
    };
  }

  private async toPair(
    pair: RawDriftPair,
    context: ServiceContext,
    withCommits: boolean,
  ): Promise<DriftPair> {
    const { comparer } = this.options;
    const sha = pair.behind.sha ?? parseArtifactId(pair.behind.artifactId)?.sha;
    const aheadSha =
      pair.ahead.sha ?? parseArtifactId(pair.ahead.artifactId)?.sha;
    const result: DriftPair = {
      environment: pair.environment,
      aheadEnvironment: pair.aheadEnvironment,
      artifactId: pair.behind.artifactId,
      aheadArtifactId: pair.ahead.artifactId,
      ...(sha && { sha }),
      ...(aheadSha && { aheadSha }),
      behindSince: new Date(pair.behindSince).toISOString(),
      ageMs: Math.max(0, this.now() - pair.behindSince),
      commitsAvailable: false,
    };
    if (context.slug && sha && aheadSha) {
      result.compareUrl = `${comparer.webBaseUrl}/${context.slug}/compare/${sha}...${aheadSha}`;
    }

    let reason: string | undefined;
    if (!withCommits) {
      reason = 'not-requested';
    } else if (!comparer.enabled) {
      reason = 'no-github-token';
    } else if (!context.slug) {
      reason = 'no-repository';
    } else if (!sha || !aheadSha) {
      reason = 'unknown-sha';
    }
    if (reason) {
      return { ...result, commitsUnavailableReason: reason };
    }
    try {
      const compared = await comparer.compare({
        repository: context.slug!,
        base: sha!,
        head: aheadSha!,
      });
      return {
        ...result,
        commitsAvailable: true,
        commitCount: compared.aheadBy,
        commits: compared.commits.map(c => dropUndefined(c)),
        ...(compared.htmlUrl && { compareUrl: compared.htmlUrl }),
      };
    } catch (error) {
      this.options.logger.warn(
        `GitHub compare ${context.slug} ${sha}...${aheadSha} failed: ${error}`,
      );
      return { ...result, commitsUnavailableReason: 'github-error' };
    }
  }

  async getSquadDrift(squad: string): Promise<SquadDrift> {
    const { groupRef, services: byService } = await resolveSquadServices(
      this.options.catalog,
      squad,
    );
    const services = await Promise.all(
      [...byService].map(([service, entity]) =>
        this.drift(service, contextOf(entity), false),
      ),
    );
    services.sort(
      (a, b) =>
        Number(b.drifting) - Number(a.drifting) ||
        a.service.localeCompare(b.service),
    );
    return {
      squad: groupRef,
      environments: this.getEnvironments(),
      services,
    };
  }

  async ingest(input: ReleaseInput): Promise<IngestResult> {
    this.checkEnvironment(input.environment);
    // The API spec has checked the format (date-time).
    const releasedAt =
      input.releasedAt !== undefined
        ? Date.parse(input.releasedAt)
        : this.now();
    const parsed = parseArtifactId(input.artifactId);
    const { created, release } = await this.options.store.record({
      ...input,
      service: input.service.trim(),
      artifactId: input.artifactId.trim(),
      sha: input.sha || parsed?.sha,
      branch: input.branch || parsed?.branch,
      releasedAt,
      source: 'ingest',
      intent: input.intent ?? 'release',
    });
    return {
      created,
      release: this.toRelease(release, await this.context(release.service)),
    };
  }
}

function contextOf(entity: Entity): ServiceContext {
  const slug = entity.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION];
  return {
    entityRef: stringifyEntityRef(entity),
    ...(slug && /^[^/\s]+\/[^/\s]+$/.test(slug) && { slug }),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

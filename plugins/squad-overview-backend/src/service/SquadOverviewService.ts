import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PullRequestList,
  PulsePage,
  ReleaseDrift,
  ServiceRow,
  SourceState,
  SquadServices,
} from '@internal/backstage-plugin-squad-overview-common';
import {
  GithubSquadSource,
  SquadGithubData,
} from '../github/GithubSquadSource';
import { Kept, KeptSource } from '../sources/KeptSource';
import { PortalApis, ServiceCounts, SquadDrift } from '../sources/PortalApis';
import { PulseStore } from '../types';
import {
  DEAD_LETTER_SERVICE_ANNOTATION,
  PROJECT_SLUG_ANNOTATION,
  SquadDirectory,
} from './SquadDirectory';

export interface SquadOverviewServiceOptions {
  directory: SquadDirectory;
  store: PulseStore;
  apis: PortalApis;
  github: GithubSquadSource;
  logger: LoggerService;
  /** How long our own plugins' answers are reused (default 5 s). */
  portalTtlMs?: number;
  /** How long GitHub's answers are reused before a refresh (default 5 min). */
  githubTtlMs?: number;
}

function state<T>(
  kept: Kept<T>,
  extra: Partial<SourceState> = {},
): SourceState {
  return {
    configured: true,
    ...(kept.asOf ? { asOf: kept.asOf.toISOString() } : {}),
    ...(kept.error ? { error: kept.error } : {}),
    ...extra,
  };
}

function slugOf(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.trim();
}

function releaseOf(
  drift: SquadDrift['services'][number] | undefined,
): ReleaseDrift | undefined {
  if (!drift?.hasReleases) {
    return undefined;
  }
  const pairs = drift.pairs ?? [];
  const envs = new Map<string, (typeof pairs)[number]>();
  for (const pair of pairs) {
    if (!envs.has(pair.environment)) envs.set(pair.environment, pair);
  }
  const since = pairs.map(p => p.behindSince).sort()[0];
  return {
    environmentsBehind: envs.size,
    ...(since ? { behindSince: since } : {}),
    drift: [...envs.values()].map(p => ({
      environment: p.environment,
      version: p.artifactId,
      ...(typeof p.commitCount === 'number' ? { behindBy: p.commitCount } : {}),
    })),
  };
}

/** The squad overview's answers: the router delegates here. */
export class SquadOverviewService {
  private readonly deadLetters: KeptSource<ServiceCounts[]>;
  private readonly releases: KeptSource<SquadDrift>;
  private readonly githubData: KeptSource<SquadGithubData>;
  /** The repositories of each squad seen, for the scheduled refresh. */
  private readonly squadRepos = new Map<string, string[]>();

  constructor(private readonly options: SquadOverviewServiceOptions) {
    this.deadLetters = new KeptSource(options.portalTtlMs ?? 5_000);
    this.releases = new KeptSource(options.portalTtlMs ?? 5_000);
    this.githubData = new KeptSource(options.githubTtlMs ?? 300_000);
  }

  private async squadComponents(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
  ) {
    const { directory } = this.options;
    const squad = await directory.getSquad(namespace, name, credentials);
    const components = await directory.listSquadComponents(
      squad.entityRef,
      credentials,
    );
    const repos = components.flatMap(c => slugOf(c) ?? []);
    this.squadRepos.set(squad.entityRef, repos);
    return { squad, components, repos };
  }

  private async github(squad: string, repos: string[]) {
    const { github } = this.options;
    if (!github.configured) {
      return {
        data: undefined,
        source: { configured: false, howToConfigure: github.howToConfigure },
      };
    }
    const kept = await this.githubData.get(
      `${squad}|${[...repos].sort().join(',')}`,
      () => github.fetch(repos),
      { background: true },
    );
    return { data: kept.value, source: state(kept) };
  }

  /** Refreshes GitHub's data of every squad seen (the scheduled task). */
  async refreshGithub(): Promise<void> {
    if (!this.options.github.configured) return;
    for (const [squad, repos] of this.squadRepos) {
      await this.githubData.refresh(
        `${squad}|${[...repos].sort().join(',')}`,
        () => this.options.github.fetch(repos),
      );
    }
  }

  private async deadLetterCounts() {
    const { apis } = this.options;
    const kept = await this.deadLetters.get('all', async () => {
      const environments = await apis.deadLetterEnvironments();
      // One call per environment, not per service.
      return Promise.all(environments.map(env => apis.deadLetterCounts(env)));
    });
    const configured = !kept.value || kept.value.length > 0;
    return {
      counts: kept.value,
      source: configured
        ? state(kept)
        : {
            configured: false,
            howToConfigure:
              'Configure deadLetter.environments (AMQP queues per environment) in app-config, or post dead letters to the dead-letter plugin.',
          },
    };
  }

  async getServices(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
  ): Promise<SquadServices> {
    const { squad, components, repos } = await this.squadComponents(
      namespace,
      name,
      credentials,
    );
    const [deadLetters, releases, github] = await Promise.all([
      this.deadLetterCounts(),
      this.releases.get(squad.entityRef, () =>
        this.options.apis.squadDrift(squad.entityRef),
      ),
      this.github(squad.entityRef, repos),
    ]);
    const drifts = new Map(
      (releases.value?.services ?? []).map(s => [s.entityRef ?? s.service, s]),
    );
    const openByRepo = new Map<string, number>();
    for (const pr of github.data?.pullRequests ?? []) {
      const key = pr.repository.toLowerCase();
      openByRepo.set(key, (openByRepo.get(key) ?? 0) + 1);
    }
    const items: ServiceRow[] = components.map(entity => {
      const ref = stringifyEntityRef(entity);
      const dlName =
        entity.metadata.annotations?.[DEAD_LETTER_SERVICE_ANNOTATION]?.trim() ||
        entity.metadata.name;
      const slug = slugOf(entity);
      const repo = slug?.toLowerCase();
      const release = releaseOf(
        drifts.get(ref) ?? drifts.get(entity.metadata.name),
      );
      const lastBuild = repo ? github.data?.builds[repo] : undefined;
      return {
        entityRef: ref,
        name: entity.metadata.name,
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...(slug ? { repository: slug } : {}),
        deadLetters: (deadLetters.counts ?? []).map(env => ({
          environment: env.environment,
          count: env.items.find(i => i.service === dlName)?.count ?? 0,
        })),
        ...(release ? { release } : {}),
        openPullRequests:
          github.data && repo ? openByRepo.get(repo) ?? 0 : null,
        ...(lastBuild ? { lastBuild } : {}),
      };
    });
    return {
      squad,
      items,
      sources: {
        github: github.source,
        deadLetters: deadLetters.source,
        releases: state(releases),
      },
    };
  }

  async getPullRequests(
    namespace: string,
    name: string,
    q: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<PullRequestList> {
    const { squad, repos } = await this.squadComponents(
      namespace,
      name,
      credentials,
    );
    const { data, source } = await this.github(squad.entityRef, repos);
    const needle = q?.trim().toLowerCase();
    const items = (data?.pullRequests ?? []).filter(
      pr =>
        !needle ||
        [pr.title, pr.repository, pr.author, `#${pr.number}`, String(pr.number)]
          .join(' ')
          .toLowerCase()
          .includes(needle),
    );
    return { items, source };
  }

  async getPulse(
    namespace: string,
    name: string,
    page: { before?: string; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<PulsePage> {
    const squad = await this.options.directory.getSquad(
      namespace,
      name,
      credentials,
    );
    return this.options.store.page({
      squad: squad.entityRef,
      before: page.before,
      limit: page.limit ?? 50,
    });
  }
}

import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { GroupChecker } from '../lib/groups';
import { ShuttleOptions } from '../lib/options';
import { componentFromShuttle, DiscoveredRepo } from './componentFromShuttle';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * What both shuttle providers share: the connection, the scheduled refresh
 * (a failed run is logged and keeps the previous entities), one repository's
 * entities, and the full mutation that replaces this provider's entities.
 */
export abstract class ShuttleProviderBase implements EntityProvider {
  private connection?: EntityProviderConnection;

  protected constructor(
    private readonly base: {
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      options: ShuttleOptions;
      groups?: GroupChecker;
    },
  ) {}

  abstract getProviderName(): string;

  /** Finds the repositories once and replaces this provider's entities. */
  abstract refresh(): Promise<void>;

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.base.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (e) {
          this.base.logger.error(
            `${this.getProviderName()} refresh failed, keeping the previous entities: ${messageOf(
              e,
            )}`,
          );
        }
      },
    });
  }

  /** Throws before connect(): a refresh must not run without a catalog. */
  protected assertConnected(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    return this.connection;
  }

  /**
   * One repository's entities. What is wrong with its shuttle.yaml stays on
   * its own Component (an error the Build card shows) and in the log: a throw
   * from here would abort the full mutation and freeze every other
   * repository at its previous state.
   */
  protected async entitiesOf(repo: DiscoveredRepo): Promise<DeferredEntity[]> {
    const name = this.getProviderName();
    const { logger, options, groups } = this.base;
    if (!repo.parsed.ok) {
      logger.warn(`${name}: ${repo.name}: ${repo.parsed.error}`);
    }
    try {
      return await componentFromShuttle(repo, name, options, groups);
    } catch (e) {
      const error = `shuttle.yaml could not be used: ${messageOf(e)}`;
      logger.error(`${name}: ${repo.name}: ${error}`);
      try {
        // Without the group check, which is the one part that does I/O
        return await componentFromShuttle(
          { ...repo, parsed: { ok: false, error } },
          name,
          options,
        );
      } catch {
        return [];
      }
    }
  }

  /** Reading one repository's shuttle.yaml failed: that is its problem only. */
  protected unreadable(e: unknown) {
    return {
      ok: false as const,
      error: `shuttle.yaml could not be read: ${messageOf(e)}`,
    };
  }

  protected async replaceEntities(entities: DeferredEntity[]): Promise<void> {
    await this.assertConnected().applyMutation({ type: 'full', entities });
  }
}

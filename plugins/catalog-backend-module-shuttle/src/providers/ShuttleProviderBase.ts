import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

/**
 * What both shuttle providers share: the connection, the scheduled refresh
 * (a failed run is logged and keeps the previous entities) and the full
 * mutation that replaces this provider's entities.
 */
export abstract class ShuttleProviderBase implements EntityProvider {
  private connection?: EntityProviderConnection;

  protected constructor(
    private readonly base: {
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
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
            `${this.getProviderName()} refresh failed, keeping the previous entities: ${
              (e as Error).message
            }`,
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

  protected async replaceEntities(entities: DeferredEntity[]): Promise<void> {
    await this.assertConnected().applyMutation({ type: 'full', entities });
  }
}

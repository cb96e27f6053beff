import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Release status: what runs where (plugin release-status). */
  releaseStatus?: {
    /**
     * Environments in promotion order, earliest first. Drift compares a later
     * environment with the earlier ones. Default: [dev, staging, prod].
     * @visibility frontend
     */
    environments?: string[];

    /**
     * The release manager's AMQP exchange: `released` and `releaseFailed`
     * events are consumed through a queue of our own. Off when absent.
     */
    amqp?: {
      /**
       * Broker URL, e.g. amqp://user:pass@host:5672/vhost.
       * @visibility secret
       */
      url: string;
      /** Exchange the release manager publishes on. Default: release-manager. */
      exchange?: string;
      /** Our queue, bound to the exchange. Default: backstage-release-status. */
      queue?: string;
      /**
       * Use a server-named queue that is deleted with the connection instead
       * of `queue` (events while the backend is down are missed). For tests
       * and local runs that share a broker.
       */
      temporaryQueue?: boolean;
      /** Longest wait between reconnection attempts, in seconds (they start at 0.5 s and double). Default: 10. */
      reconnectSeconds?: number;
    };

    /**
     * The release manager's HTTP API, used to backfill and reconcile every
     * service Component of the catalog. Off when absent.
     */
    releaseManager?: {
      /** Base URL of the release manager, e.g. https://release-manager.example.com. */
      baseUrl: string;
      /**
       * Bearer token of the release manager's hamctl API.
       * @visibility secret
       */
      token?: string;
      /** How many releases per service and environment to read. Default: 20. */
      historyCount?: number;
      /** When to run the backfill. Default: every 30 minutes, 10 minutes timeout. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /**
     * GitHub, for the commits between two shas (compare API). Credentials and
     * the API URL come from the `integrations.github` entry for the host of
     * `webBaseUrl` (a token or a GitHub App); without credentials there, drift
     * shows shas and ages only.
     */
    github?: {
      /**
       * Where the repositories are, for commit links and for choosing the
       * integration (GitHub Enterprise: its web URL). Default: https://github.com.
       */
      webBaseUrl?: string;
    };

    /**
     * The squad page's Security card: high and critical findings of what runs
     * in one environment, and the change since the previous UTC day from a
     * daily figure kept in the database.
     */
    security?: {
      /**
       * The environment the card shows. Default: prod when configured, else
       * the last environment.
       */
      environment?: string;
      /**
       * When today's figure of every service is carried forward from what
       * runs (once across backend replicas; each release updates it too).
       * Default: every hour, 5 minutes timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Days of daily figures kept. Default: 90. */
      retentionDays?: number;
    };

    /**
     * Two records of one service, environment and artifact closer in time than
     * this are the same release seen by two sources. Default: 600.
     */
    dedupeWindowSeconds?: number;

    /**
     * A release time later than now plus this is refused, from every source
     * (events, `POST /releases`, the backfill). Default: 300.
     */
    maxClockSkewSeconds?: number;
  };
}

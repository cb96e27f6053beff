import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * Dead-letter management: which dead-letter queues of which brokers the
   * portal consumes and keeps, and how it maps messages to services.
   * With no environment configured the plugin serves what is stored and logs
   * that ingest is off.
   */
  deadLetter?: {
    /**
     * One entry per environment (dev, staging, prod or any name), each with
     * its own broker connection.
     */
    environments?: {
      [name: string]: {
        /**
         * AMQP URL of the environment's broker, e.g. amqp://user:pass@host:5672/vhost
         * @visibility secret
         */
        url: string;
        /**
         * The dead-letter queue(s) to consume. A plain string is a queue name;
         * an object can ask the portal to declare the queue (and bind it to a
         * dead-letter exchange) at start, which is idempotent.
         */
        queues: Array<
          | string
          | {
              name: string;
              /** Declare the queue (durable) before consuming. Default false. */
              assert?: boolean;
              /** Queue type when asserting: classic (default) or quorum. */
              type?: 'classic' | 'quorum';
              /** Exchange to declare and bind the queue to when asserting. */
              bindExchange?: string;
              /** Type of bindExchange: fanout (default), direct or topic. */
              bindExchangeType?: 'fanout' | 'direct' | 'topic';
              /** Binding key when asserting, default '#' for topic, '' otherwise. */
              bindingKey?: string;
            }
        >;
        /** Unacknowledged messages the broker may send ahead. Default 2000. */
        prefetch?: number;
        /**
         * Regular expression a redelivery target queue must match (besides
         * belonging to the message's service by serviceRule). Unset: any
         * queue of the service.
         */
        redeliverQueuePattern?: string;
      };
    };
    /** Who may act on dead letters besides the owning squad. */
    permissions?: {
      /**
       * Groups (entity refs, e.g. `group:default/platform-admins`, or plain
       * names) whose members may delete and redeliver every service's dead
       * letters. Default: none.
       */
      adminGroups?: string[];
    };
    /**
     * Regular expression applied to the original queue name; its first
     * capture group is the service. Default `_([^_]+)$` (the part after the
     * last underscore). A queue that does not match is its own service.
     */
    serviceRule?: string;
    /** Message header that names the service, overriding serviceRule. Default `x-service`. */
    serviceHeader?: string;
    /** Message header with the failing consumer's error text. Default `x-error-message`. */
    errorHeader?: string;
    /**
     * Header that names the original queue, for consumers that dead-letter
     * by republishing to the dead-letter exchange themselves (their messages
     * have no `x-death`). Used when `x-death` names no queue; service mapping
     * and redelivery then work for them too. Default: none.
     */
    originalQueueHeader?: string;
    /** Largest body stored, in bytes; longer bodies are cut and flagged. Default 1048576. */
    maxBodyBytes?: number;
    /**
     * Messages stored per database statement (at most). Default 500; with
     * prefetch 2000 up to four batches are stored concurrently (acked in order).
     */
    batchSize?: number;
    /** Longest wait before a partial batch is stored, in milliseconds. Default 50. */
    batchMaxWaitMs?: number;
    /**
     * How long, in milliseconds, `GET /environments` reuses each queue's
     * message and consumer counts before asking the broker again (while
     * ingest is down every ask opens a connection). Default 5000; 0 asks on
     * every call.
     */
    queueProbeCacheMs?: number;
    /**
     * Duplicate detection on broker redelivery. A delivery the broker marks
     * as redelivered is taken for an equal row stored but not confirmed as
     * acked only when that row was received within the window; the consumer
     * sessions' ack progress (`dead_letter_ingest_sessions`) is pruned once
     * it is two windows old.
     */
    ingestSessions?: {
      /** Default 1440 (24 hours). */
      redeliveryMatchWindowMinutes?: number;
      /** When the pruning runs (one replica at a time). Default every hour. */
      pruneSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** The cache of catalog answers (which entity and squad own a service). */
    serviceCatalog?: {
      /** How long an answer is kept, in milliseconds. Default 10000. */
      cacheTtlMs?: number;
      /** At most this many answers; the least recently used goes first. Default 5000. */
      cacheMaxEntries?: number;
    };
    /**
     * URL template for a link to the logs of a message, e.g.
     * `https://logs.example.com/search?query={correlationId}`. Placeholders:
     * {correlationId}, {messageId}, {service}, {environment}, {queue}.
     * @visibility frontend
     */
    logLinkTemplate?: string;
  };
  search?: {
    collators?: {
      /** The dead-letter search collator (deadLetterSearchCollatorModule). */
      deadLetter?: {
        /** Newest stored dead letters indexed. Default 10000. */
        maxDocuments?: number;
        /** Default: every 10 minutes. */
        schedule?: import('@backstage/backend-plugin-api').SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}

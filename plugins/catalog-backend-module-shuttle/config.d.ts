import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Reading shuttle.yaml into the catalog (catalog-backend-module-shuttle). */
  shuttle?: {
    /**
     * How `vars.squad` becomes the owner; `{squad}` is replaced by the squad's
     * short name. Default `group:squad-{squad}`.
     */
    ownerPattern?: string;
    /**
     * Owner of components whose shuttle.yaml names no squad and whose
     * catalog-info.yaml names no owner. Default `group:default/unknown`.
     */
    defaultOwner?: string;
    /** Lifecycle of components made by the providers. Default `production`. */
    defaultLifecycle?: string;
    /** A shuttle.yaml larger than this is not read (an error on the entity). Default 262144. */
    maxFileBytes?: number;
    /**
     * Emit a `<service>-db` Resource for `vars.db: true`. When false only the
     * `dependsOn` relation is made, for catalogs that define their databases
     * themselves. Default true.
     */
    emitDatabases?: boolean;
    /** Warn on the entity when its squad has no Group in the catalog. Default true. */
    checkGroups?: boolean;
    /**
     * The shared resources that the `rabbitmq` and `ingress` switches point
     * at; `false` turns that relation off.
     */
    resources?: {
      /** Default `resource:default/rabbitmq`. */
      rabbitmq?: string | false;
      /** Default `resource:default/ingress`. */
      ingress?: string | false;
    };
    providers?: {
      /** Directories of repositories on disk (local use and tests). */
      directory?: Array<{
        /** Stable id; the provider is named `shuttle-directory:<id>`. */
        id: string;
        /** The directory whose subdirectories are repositories; relative to the backend's working directory. */
        path: string;
        /** Default: every minute. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      }>;
      /** GitHub organisations, through `integrations.github`. */
      github?: Array<{
        /** Stable id; the provider is named `shuttle-github:<id>`. */
        id: string;
        organization: string;
        /** An `integrations.github` host. Default github.com. */
        host?: string;
        /** Branch to read. Default: each repository's default branch. */
        branch?: string;
        /** Default: every 30 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      }>;
    };
  };
}

export interface Config {
  /**
   * Database access requests: which PostgreSQL servers the portal grants
   * time-boxed roles on, per environment, and the rules for approving them.
   */
  databaseAccess?: {
    /**
     * One entry per environment (local, dev, staging, prod or any name).
     */
    environments?: {
      [name: string]: {
        /**
         * direct (default): the portal creates and drops roles on the server
         * through the admin connection. gitops: the portal commits a
         * PostgreSQLUser resource (lunarway/postgresql-controller) to a git
         * repository instead.
         */
        mode?: 'direct' | 'gitops';
        /**
         * false leaves the environment out (e.g. production turns off the
         * development environment `local` of app-config.yaml). Default true.
         */
        enabled?: boolean;
        /**
         * Admin connection of the environment's server (direct mode). The
         * user needs CREATEROLE and the right to grant on the databases.
         */
        admin?: {
          host: string;
          port?: number;
          user: string;
          /** @visibility secret */
          password?: string;
          /** Database to connect to for role statements. Default postgres. */
          database?: string;
        };
        /**
         * Development only (direct mode): when the database a Resource maps
         * to does not exist on the server, create it (empty) on grant, so the
         * example catalog's databases work on a fresh machine. Default false.
         */
        createMissingDatabases?: boolean;
        /**
         * Host and port shown to requesters (default: the admin host/port).
         */
        connect?: {
          host?: string;
          port?: number;
        };
        /**
         * Longest grant in minutes per level. Defaults: read 480, write 60.
         */
        maxMinutes?: {
          read?: number;
          write?: number;
        };
        /**
         * Approvals needed per level (1 or 2). Default 1; 2 asks a second
         * member of the owning squad.
         */
        approvalsRequired?: {
          read?: number;
          write?: number;
        };
        /**
         * GitOps mode: where the PostgreSQLUser resources go.
         */
        gitops?: {
          /** A git repository on this machine (a path); the portal commits to it. */
          repository: string;
          /** Branch to commit to. Default main. */
          branch?: string;
          /** Directory in the repository. Default postgresql-users. */
          directory?: string;
          /** Host written into the resource's read/write entries (default: the connect host). */
          host?: string;
        };
      };
    };
    /** Role names the plugin creates start with this. Default portal_access_. */
    rolePrefix?: string;
    /** Minutes a request waits for approval before it expires. Default 1440 (24 h). */
    approvalTimeoutMinutes?: number;
    /** How often expired grants are revoked and stray roles reconciled, in seconds. Default 15. */
    revokeIntervalSeconds?: number;
  };
}

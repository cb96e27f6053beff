export interface Config {
  /** Squad overview backend (plugin id squad-overview). */
  squadOverview?: {
    pulse?: {
      /** Days a pulse entry is kept (default 30). */
      retentionDays?: number;
      /** How often expired entries are removed, in minutes (default 60). */
      cleanupFrequencyMinutes?: number;
    };
    deadLetterSpike?: {
      /** New dead letters of a service in an environment within the window that make a spike (default 10). */
      threshold?: number;
      /** The window, in minutes (default 15). */
      windowMinutes?: number;
    };
    github?: {
      /** The GitHub host whose integrations.github entry is used (default github.com). */
      host?: string;
      /** How often each squad's open PRs and builds are refreshed, in minutes (default 5). */
      refreshMinutes?: number;
    };
    onCall?: {
      /** How long PagerDuty's answer for a squad is reused before it is asked again, in seconds (default 60). */
      refreshSeconds?: number;
    };
    kubernetes?: {
      /** How often every cluster's pods and deployments are compared with the last seen states for the pulse, in seconds (default 60). */
      pollSeconds?: number;
      /** Each request to the Kubernetes backend is cut off after this many seconds; the cluster then shows an error (default 10). */
      timeoutSeconds?: number;
      /** How long a cluster's answer is reused by GET /squads/{namespace}/{name}/deployments, in seconds (default 10). */
      cacheSeconds?: number;
      /** Clusters (names in kubernetes.clusterLocatorMethods) where a CrashLoopBackOff notifies the owning squad (default [prod]). */
      notifyClusters?: string[];
      /** At most one crash-loop notification per service within this many minutes (default 60). */
      notifyEveryMinutes?: number;
    };
    scaffolder?: {
      /** How often the catalog is read for new entities created from a template, in minutes (default 1). */
      pollMinutes?: number;
    };
  };
}

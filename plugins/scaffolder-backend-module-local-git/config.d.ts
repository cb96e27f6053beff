export interface Config {
  scaffolder?: {
    /**
     * Publishing generated repositories to git repositories on this machine
     * (`publish:local-git`), for local use and tests.
     */
    localGit?: {
      /**
       * When true (the default), the Lunar templates publish with
       * `publish:local-git` and register the result from the local checkout.
       * Set it to false in production: the templates then use
       * `publish:github` + `catalog:register`.
       */
      enabled?: boolean;
      /**
       * Directory holding the bare repositories (`<name>.git`) and their
       * checkouts (`<name>/`). Relative paths resolve against the backend's
       * working directory. Default: `../../.data/git-repos`.
       */
      baseDir?: string;
      /** Branch of the first commit. Default: `main`. */
      defaultBranch?: string;
      /**
       * Author of the initial commit when the action input names none.
       * Default: the user who ran the template (display name and email from
       * the catalog), else "Lunar Portal <portal@lunar.app>".
       */
      author?: {
        name?: string;
        email?: string;
      };
    };
  };
}

export interface Config {
  /**
   * gRPC API definitions (.proto): the API Docs widget
   * (api-docs-module-protobuf) and the catalog module
   * (catalog-backend-module-protobuf) read the same keys.
   */
  protobuf?: {
    /**
     * The field option that marks personal data, without parentheses, e.g.
     * `gdpr_sensitive` for `[(gdpr_sensitive) = true]`. A qualified name
     * (`lunar.options.gdpr_sensitive`) matches only that extension. Default
     * `gdpr_sensitive`.
     * @visibility frontend
     */
    personalDataOption?: string;
    /**
     * Definitions larger than this many bytes are not parsed in the browser;
     * the widget shows the raw text and the catalog's counts instead.
     * Default 1048576 (1 MiB).
     * @visibility frontend
     */
    maxBrowserBytes?: number;
  };
}

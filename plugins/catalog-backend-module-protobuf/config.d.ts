export interface Config {
  /** gRPC API definitions in the catalog (catalog-backend-module-protobuf). */
  protobuf?: {
    /**
     * A definition larger than this many bytes, with the imports read beside
     * it, is not parsed; the entity gets a `lunar.app/proto-problem`
     * annotation instead. Default 5242880 (5 MiB).
     */
    maxCatalogBytes?: number;
    /**
     * How many imported files to read beside an API's definition (through
     * the catalog's URL reader, or from disk for `file` locations),
     * following imports of imports. 0 turns reading imports off. Default 50.
     */
    maxImportFiles?: number;
    /**
     * Adds "Carries personal data" with the messages to the search text of
     * gRPC APIs that have such fields. It sets the catalog collator's entity
     * transformer, which only one module may do: turn it off if another
     * module sets one. Default true.
     */
    searchText?: boolean;
  };
}

/**
 * Reads shuttle.yaml into the catalog: an enriching processor and discovery
 * providers (GitHub organisation, directory of repositories).
 *
 * @packageDocumentation
 */

export { catalogModuleShuttle as default } from './module';
export * from './annotations';
export { ShuttleProcessor } from './processor/ShuttleProcessor';
export { ShuttleDirectoryProvider } from './providers/ShuttleDirectoryProvider';
export { ShuttleGithubProvider } from './providers/ShuttleGithubProvider';
export {
  componentFromShuttle,
  toEntityName,
  type DiscoveredRepo,
} from './providers/componentFromShuttle';
export {
  parseShuttleYaml,
  classifyPlan,
  type ShuttleFile,
  type ShuttleParseResult,
} from './lib/parseShuttleYaml';
export {
  enrichEntity,
  addProblems,
  isSwitchOn,
  type EnrichResult,
} from './lib/enrich';
export {
  readShuttleOptions,
  DEFAULT_OPTIONS,
  type ShuttleOptions,
} from './lib/options';
export { CatalogGroupChecker, type GroupChecker } from './lib/groups';

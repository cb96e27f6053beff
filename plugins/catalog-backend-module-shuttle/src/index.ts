/***/
/**
 * The shuttle backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleShuttle as default } from './module';

/***/
/**
 * The file-placeholders backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleFilePlaceholders as default } from './module';

/***/
/**
 * The local-git backend module for the scaffolder plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModuleLocalGit as default } from './module';

/**
 * The database-access frontend plugin: the Access tab on database Resources
 * and the Database access page (requests, approvals, history).
 *
 * @packageDocumentation
 */
export { databaseAccessPlugin as default } from './plugin';
export {
  databaseAccessApiRef,
  DatabaseAccessClient,
  type DatabaseAccessApi,
} from './api';

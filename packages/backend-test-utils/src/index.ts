/**
 * Test set-up shared by the backend plugins' tests.
 *
 * @packageDocumentation
 */

export { databaseClosedOnStop } from './databaseClosedOnStop';

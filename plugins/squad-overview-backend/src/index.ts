/**
 * The squad overview backend: a squad's services and their key numbers, open
 * pull requests and the pulse.
 *
 * @packageDocumentation
 */

export { squadOverviewPlugin as default } from './plugin';

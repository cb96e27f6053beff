/**
 * The shuttle frontend plugin: a Build card on entities with shuttle.yaml data.
 *
 * @packageDocumentation
 */
export { shuttlePlugin as default } from './plugin';

/**
 * Stricter GitHub webhooks for the events backend.
 *
 * @packageDocumentation
 */

export { eventsModuleGithubChecks as default } from './module';
export { createCheckingJsonParser } from './checkingJsonParser';

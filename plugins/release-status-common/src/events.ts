/**
 * The Backstage events topic on which the release-status backend publishes
 * each newly recorded release (`{ service, environment, version, actor?, at,
 * vulnerabilities? }`, see {@link ReleasedEventPayload}).
 *
 * @public
 */
export const RELEASED_TOPIC = 'release-status.released';

/**
 * The payload of a {@link RELEASED_TOPIC} event.
 *
 * @public
 */
export interface ReleasedEventPayload {
  service: string;
  environment: string;
  /** The artifact id. */
  version: string;
  /** Who released it, when known. */
  actor?: string;
  /** ISO 8601. */
  at: string;
  /** Findings by severity; absent when no source sent figures. */
  vulnerabilities?: {
    critical: number;
    high: number;
    medium: number;
    low: number;
  };
}

/**
 * The Backstage events topic on which the release-status backend publishes
 * each newly recorded release (`{ service, environment, version, actor?, at }`).
 *
 * @public
 */
export const RELEASED_TOPIC = 'release-status.released';

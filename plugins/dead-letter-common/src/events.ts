/**
 * The signals channel on which the dead-letter backend tells open pages that
 * a service got new dead letters (`{ environment, service, count }`, names
 * and a count only).
 *
 * @public
 */
export const NEW_DEAD_LETTERS_CHANNEL = 'dead-letter:new';

/**
 * The Backstage events topic with the same counts, for other backend plugins
 * (the squad overview's spikes).
 *
 * @public
 */
export const DEAD_LETTER_STORED_TOPIC = 'dead-letter.stored';

/**
 * The signals channel on which the dead-letter backend tells open pages that
 * an environment's ingest status changed (`{ environment }`: storing began
 * to fail, or works again); pages then ask `GET /environments` again.
 *
 * @public
 */
export const INGEST_STATUS_CHANNEL = 'dead-letter:ingest-status';

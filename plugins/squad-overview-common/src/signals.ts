/**
 * The signals channel on which every new pulse entry is published as a
 * `PulseMessage` (`{ squad, entry }`, squad being the Group's entity ref).
 *
 * @public
 */
export const SQUAD_OVERVIEW_PULSE_CHANNEL = 'squad-overview:pulse';

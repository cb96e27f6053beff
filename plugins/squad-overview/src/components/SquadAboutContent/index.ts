export { SquadAboutContent } from './SquadAboutContent';

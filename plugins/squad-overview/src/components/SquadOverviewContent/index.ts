export { SquadOverviewContent } from './SquadOverviewContent';

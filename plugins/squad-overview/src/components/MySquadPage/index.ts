export { MySquadPage } from './MySquadPage';

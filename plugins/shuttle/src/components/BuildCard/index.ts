export { BuildCard } from './BuildCard';

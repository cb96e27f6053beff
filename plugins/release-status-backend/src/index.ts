export { releaseStatusPlugin as default } from './plugin';

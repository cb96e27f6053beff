export { squadOverviewPlugin as default } from './plugin';
export * from './api';

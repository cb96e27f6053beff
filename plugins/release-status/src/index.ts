export { releaseStatusPlugin as default } from './plugin';
export { releaseStatusApiRef, ReleaseStatusClient } from './api';
export type * from './api';

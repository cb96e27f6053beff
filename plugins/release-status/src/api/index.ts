export { releaseStatusApiRef } from './ReleaseStatusApi';
export type { ReleaseStatusApi } from './ReleaseStatusApi';
export { ReleaseStatusClient } from './ReleaseStatusClient';
export type * from './types';

export * from './types';
export { databaseAccessApiRef } from './DatabaseAccessApi';
export type { DatabaseAccessApi } from './DatabaseAccessApi';
export { DatabaseAccessClient } from './DatabaseAccessClient';

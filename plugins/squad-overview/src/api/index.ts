export * from './SquadOverviewApi';
export * from './SquadOverviewClient';
export * from './OnCallApi';
export * from './OnCallClient';
export type * from './types';
export * from './SecurityApi';
export * from './SecurityClient';

//

export * from '../models/Commit.model';
export * from '../models/DriftPair.model';
export * from '../models/EnvironmentList.model';
export * from '../models/EnvironmentState.model';
export * from '../models/Error.model';
export * from '../models/ErrorError.model';
export * from '../models/ErrorRequest.model';
export * from '../models/ErrorResponse.model';
export * from '../models/IngestResult.model';
export * from '../models/Release.model';
export * from '../models/ReleaseInput.model';
export * from '../models/ReleaseIntent.model';
export * from '../models/ReleaseSource.model';
export * from '../models/ServiceDrift.model';
export * from '../models/ServiceHistory.model';
export * from '../models/ServiceStatus.model';
export * from '../models/SquadDrift.model';
export * from '../models/Vulnerabilities.model';

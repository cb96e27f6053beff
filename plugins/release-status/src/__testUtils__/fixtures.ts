import { Entity } from '@backstage/catalog-model';
import { mockApis } from '@backstage/frontend-test-utils';
import { ReleaseStatusClient } from '../api';
import type { DriftPair, Release, ServiceDrift } from '../api';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * HOUR).toISOString();
}

export const termDeposit: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'term-deposit',
    namespace: 'default',
    annotations: { 'github.com/project-slug': 'lunarway/term-deposit' },
  },
  spec: {
    type: 'service',
    owner: 'group:squad-gemini',
    lifecycle: 'production',
  },
};

export const squadGemini: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-gemini', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

export const DEV_SHA = '1c1508405e6f3b2a9d8c7e6f5a4b3c2d1e0f9a8b';
export const PROD_SHA = '9f8e7d6c5b4a3928171615141312111009080706';

export function release(overrides: Partial<Release>): Release {
  return {
    service: 'term-deposit',
    environment: 'dev',
    artifactId: `master-${DEV_SHA.slice(0, 10)}-67e9d69164`,
    sha: DEV_SHA,
    branch: 'master',
    author: 'Bjørn Sørensen',
    message: 'Add interest rate table',
    releasedAt: hoursAgo(24),
    releasedBy: 'Bjørn Sørensen',
    intent: 'autoRelease',
    source: 'ingest',
    failed: false,
    vulnerabilities: { critical: 1, high: 1, medium: 2, low: 3 },
    vulnerabilitiesReported: true,
    ...overrides,
  };
}

export const devRelease = release({});
export const prodRelease = release({
  environment: 'prod',
  artifactId: `master-${PROD_SHA.slice(0, 10)}-67e9d69164`,
  sha: PROD_SHA,
  message: 'Fix rounding of interest',
  releasedAt: hoursAgo(4 * 24),
  releasedBy: 'Kasper Nissen',
  intent: 'promote',
  // CI sent no figures for it.
  vulnerabilities: { critical: 0, high: 0, medium: 0, low: 0 },
  vulnerabilitiesReported: false,
});

export const prodBehindDev: DriftPair = {
  environment: 'prod',
  aheadEnvironment: 'dev',
  artifactId: prodRelease.artifactId,
  sha: PROD_SHA,
  aheadArtifactId: devRelease.artifactId,
  aheadSha: DEV_SHA,
  behindSince: hoursAgo(3 * 24 + 12),
  ageMs: 3 * DAY + 12 * HOUR,
  commitsAvailable: true,
  commitCount: 12,
};

/** dev ahead of prod by 3.5 days and 12 commits; nothing in staging. */
export const driftingService: ServiceDrift = {
  service: 'term-deposit',
  entityRef: 'component:default/term-deposit',
  hasReleases: true,
  drifting: true,
  environments: [
    { environment: 'dev', release: devRelease },
    { environment: 'staging' },
    { environment: 'prod', release: prodRelease },
  ],
  pairs: [prodBehindDev],
};

/** The real client against msw: `http://example.com/api/release-status/...`. */
export function realClient() {
  return new ReleaseStatusClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://example.com' }),
    fetchApi: mockApis.fetch(),
  });
}

import { parseQuantity } from './objects';
import { environmentStatus, groupById } from './workloadStatus';

describe('Kubernetes quantities', () => {
  it.each([
    ['250m', 0.25],
    ['1', 1],
    ['1.5', 1.5],
    ['500000n', 0.0005],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['2k', 2000],
    ['1e3', 1000],
  ])('reads %p', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each([undefined, '', 'lots', '12Xi', 12])('ignores %p', text => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('environmentStatus', () => {
  it('takes the pod count as desired when there is no deployment, and ignores unlabelled objects', () => {
    const labels = { 'backstage.io/kubernetes-id': 'job' };
    const byId = groupById({
      pods: [
        {
          metadata: { name: 'job-1', labels },
          status: {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True' }],
          },
        },
        { metadata: { name: 'job-2', labels }, status: { phase: 'Succeeded' } },
        { metadata: { name: 'stray' } },
        null as any,
      ].filter(Boolean),
      deployments: [],
    });
    expect(environmentStatus('prod', 'job', byId.get('job'))).toEqual({
      cluster: 'prod',
      status: 'degraded',
      reason: '1/2 pods ready',
      running: 1,
      desired: 2,
    });
  });

  it('is running with no pods when the deployment is scaled to zero', () => {
    const labels = { 'backstage.io/kubernetes-id': 'batch' };
    const byId = groupById({
      pods: [],
      deployments: [{ metadata: { labels }, spec: { replicas: 0 } }],
    });
    expect(environmentStatus('dev', 'batch', byId.get('batch'))).toEqual({
      cluster: 'dev',
      status: 'running',
      running: 0,
      desired: 0,
    });
  });
});

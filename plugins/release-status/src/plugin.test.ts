import { releaseStatusPlugin } from './plugin';

describe('release-status', () => {
  it('should export plugin', () => {
    expect(releaseStatusPlugin).toBeDefined();
  });
});

import { shuttlePlugin } from './plugin';

describe('shuttle', () => {
  it('should export plugin', () => {
    expect(shuttlePlugin).toBeDefined();
  });
});

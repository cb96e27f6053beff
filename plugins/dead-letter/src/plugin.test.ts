import { deadLetterPlugin } from './plugin';

describe('dead-letter', () => {
  it('should export plugin', () => {
    expect(deadLetterPlugin).toBeDefined();
  });
});

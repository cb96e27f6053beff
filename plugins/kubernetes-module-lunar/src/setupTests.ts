import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests at once on two cores: give async queries
// room beyond the 1 s default before they fail, and each test room beyond
// jest's 5 s (less than one query's wait otherwise).
configure({ asyncUtilTimeout: 10000 });
jest.setTimeout(30000);

import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests at once on two cores: give async queries
// room beyond the 1 s default before they fail.
configure({ asyncUtilTimeout: 10000 });

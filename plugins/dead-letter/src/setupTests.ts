import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// material-table renders 50-row pages slowly in jsdom.
configure({ asyncUtilTimeout: 10000 });
jest.setTimeout(60000);

import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// material-table renders 50-row pages slowly in jsdom.
configure({ asyncUtilTimeout: 20000 });
jest.setTimeout(60000);

import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// material-table renders slowly in jsdom.
configure({ asyncUtilTimeout: 20000 });
jest.setTimeout(60000);

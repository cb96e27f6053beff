export { DatabaseAccessPage } from './DatabaseAccessPage';
export { RequestsPage } from './RequestsPage';
export { HistoryPage } from './HistoryPage';

export { RequestsPage } from './RequestsPage';
export { HistoryPage } from './HistoryPage';

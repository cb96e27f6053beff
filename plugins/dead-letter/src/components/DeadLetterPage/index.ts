export { DeadLetterPage } from './DeadLetterPage';

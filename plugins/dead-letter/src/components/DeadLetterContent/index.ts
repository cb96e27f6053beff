export { DeadLetterContent } from './DeadLetterContent';

export { GroupDeadLetterContent } from './GroupDeadLetterContent';

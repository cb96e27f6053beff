export { deadLetterPlugin as default } from './plugin';

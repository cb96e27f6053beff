export { DeadLetterSearchResultListItem } from './DeadLetterSearchResultListItem';
export type { DeadLetterSearchDocument } from './DeadLetterSearchResultListItem';

export { EntityReleasesContent } from './EntityReleasesContent';

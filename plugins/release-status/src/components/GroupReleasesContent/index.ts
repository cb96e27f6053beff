export { GroupReleasesContent } from './GroupReleasesContent';

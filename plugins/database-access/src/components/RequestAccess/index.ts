export { RequestAccessDialog } from './RequestAccessDialog';

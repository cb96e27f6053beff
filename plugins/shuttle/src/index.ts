export { shuttlePlugin as default } from './plugin';

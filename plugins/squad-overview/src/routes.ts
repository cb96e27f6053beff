import { createRouteRef } from '@backstage/frontend-plugin-api';

/** "My squad": the signed-in user's squad overview. */
export const mySquadRouteRef = createRouteRef();

/** "On Call": every squad's on-call. */
export const onCallRouteRef = createRouteRef();

import { createApiRef } from '@backstage/frontend-plugin-api';

/** The annotation on a squad's Group naming its PagerDuty service. */
export const PAGERDUTY_SERVICE_ID_ANNOTATION = 'pagerduty.com/service-id';

/** How to set up on-call for a squad, shown wherever it is missing. */
export const ON_CALL_HOW_TO_CONFIGURE = `Add the annotation ${PAGERDUTY_SERVICE_ID_ANNOTATION}: <PagerDuty service id> to the squad's Group entity (catalog/org/groups.yaml), install @pagerduty/backstage-plugin-backend in packages/backend and set pagerDuty.apiToken (or pagerDuty.oauth) in app-config.yaml.`;

/** One person on call now. */
export type OnCallUser = {
  id: string;
  name: string;
  email?: string;
  /** Their PagerDuty profile. */
  url?: string;
  /** Escalation level: 1 is paged first. */
  level?: number;
};

export type OnCall =
  | { configured: false; reason: string; howToConfigure: string }
  | {
      configured: true;
      service: { id: string; name: string; url?: string };
      escalationPolicy?: { id: string; name: string; url?: string };
      users: OnCallUser[];
    };

/**
 * Who is on call for a PagerDuty service, through the PagerDuty plugin's
 * backend (`@pagerduty/backstage-plugin-backend`, `/api/pagerduty`).
 *
 * @public
 */
export interface OnCallApi {
  /** `undefined` service id: the squad has no annotation. */
  getOnCall(serviceId: string | undefined): Promise<OnCall>;
}

/** @public */
export const onCallApiRef = createApiRef<OnCallApi>({
  id: 'plugin.squad-overview.on-call',
});

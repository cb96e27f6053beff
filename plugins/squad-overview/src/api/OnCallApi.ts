import { createApiRef } from '@backstage/frontend-plugin-api';

/** The annotation on a squad's Group naming its PagerDuty service. */
export const PAGERDUTY_SERVICE_ID_ANNOTATION = 'pagerduty.com/service-id';

/** How to set up on-call for a squad, shown wherever it is missing. */
export const ON_CALL_HOW_TO_CONFIGURE = `Add the annotation ${PAGERDUTY_SERVICE_ID_ANNOTATION}: <PagerDuty service id> to the squad's Group entity (catalog/org/groups.yaml), and set pagerDuty.apiToken (or pagerDuty.oauth) in app-config.yaml for the PagerDuty backend.`;

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
      /** When PagerDuty last answered. */
      asOf?: string;
      /** PagerDuty's last error: the people shown are as of `asOf`. */
      error?: string;
    };

/**
 * Who is on call for a PagerDuty service, through the squad overview's
 * backend, which asks the PagerDuty plugin's backend
 * (`@pagerduty/backstage-plugin-backend`) and keeps its last answer.
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

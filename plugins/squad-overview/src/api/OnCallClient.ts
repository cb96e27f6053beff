import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  OnCall,
  OnCallApi,
  ON_CALL_HOW_TO_CONFIGURE,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
} from './OnCallApi';

type PagerDutyRef = {
  id: string;
  name?: string;
  summary?: string;
  html_url?: string;
};
type PagerDutyServiceResponse = {
  service: PagerDutyRef & { escalation_policy?: PagerDutyRef };
};
type PagerDutyOnCallResponse = {
  users: {
    id: string;
    name?: string;
    summary?: string;
    email?: string;
    html_url?: string;
  }[];
};

/**
 * On-call from the PagerDuty plugin's backend. A missing backend (404 on its
 * routes) or a backend without credentials is "not configured", not an error.
 *
 * @public
 */
export class OnCallClient implements OnCallApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getOnCall(serviceId: string | undefined): Promise<OnCall> {
    if (!serviceId) {
      return {
        configured: false,
        reason: `This squad has no ${PAGERDUTY_SERVICE_ID_ANNOTATION} annotation.`,
        howToConfigure: ON_CALL_HOW_TO_CONFIGURE,
      };
    }
    const base = await this.options.discoveryApi.getBaseUrl('pagerduty');
    const serviceRes = await this.options.fetchApi.fetch(
      `${base}/services/${encodeURIComponent(serviceId)}`,
    );
    if (serviceRes.status === 404 && !(await isPagerDutyAnswer(serviceRes))) {
      return {
        configured: false,
        reason: 'The PagerDuty backend is not installed in this portal.',
        howToConfigure: ON_CALL_HOW_TO_CONFIGURE,
      };
    }
    if (!serviceRes.ok) {
      throw await ResponseError.fromResponse(serviceRes);
    }
    const { service } = (await serviceRes.json()) as PagerDutyServiceResponse;
    const policy = service.escalation_policy;
    const users = policy
      ? await this.onCallUsers(base, policy.id)
      : { users: [] };
    return {
      configured: true,
      service: {
        id: service.id,
        name: service.name ?? service.summary ?? service.id,
        url: service.html_url,
      },
      escalationPolicy: policy && {
        id: policy.id,
        name: policy.name ?? policy.summary ?? policy.id,
        url: policy.html_url,
      },
      users: users.users.map(u => ({
        id: u.id,
        name: u.name ?? u.summary ?? u.id,
        email: u.email,
        url: u.html_url,
      })),
    };
  }

  private async onCallUsers(
    base: string,
    policyId: string,
  ): Promise<PagerDutyOnCallResponse> {
    const res = await this.options.fetchApi.fetch(
      `${base}/oncall-users?escalation_policy_ids[]=${encodeURIComponent(
        policyId,
      )}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.json();
  }
}

/**
 * The backend answers an unknown plugin with a 404 JSON error naming no
 * PagerDuty service; the PagerDuty backend's own 404 carries `errors`.
 */
async function isPagerDutyAnswer(res: Response): Promise<boolean> {
  try {
    const body = await res.clone().json();
    return Array.isArray(body?.errors);
  } catch {
    return false;
  }
}

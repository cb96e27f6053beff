import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  OnCallNow,
  OnCallUser,
  PagerDutyRef,
} from '../schema/openapi/generated/models';
import { KeptSource } from './KeptSource';
import { PortalApis } from './PortalApis';

/** The PagerDuty plugin's id (`@pagerduty/backstage-plugin-backend`). */
const PAGERDUTY_PLUGIN_ID = 'pagerduty';

export const PAGERDUTY_HOW_TO_CONFIGURE =
  "Set pagerDuty.apiToken (or pagerDuty.oauth / pagerDuty.accounts) in app-config.yaml for the PagerDuty backend (@pagerduty/backstage-plugin-backend, installed in packages/backend), and annotate each squad's Group with pagerduty.com/service-id: <PagerDuty service id> (catalog/org/groups.yaml).";

type PdRef = { id: string; name?: string; summary?: string; html_url?: string };
type PdServiceResponse = { service: PdRef & { escalation_policy?: PdRef } };
type PdUsersResponse = {
  users: Array<PdRef & { email?: string }>;
};

function ref(value: PdRef): PagerDutyRef {
  return {
    id: value.id,
    name: value.name ?? value.summary ?? value.id,
    url: value.html_url,
  };
}

/** An error answer of the PagerDuty backend. */
class PagerDutyError extends Error {}

/** The PagerDuty backend's `{ errors: [...] }`, else the status. */
async function failure(res: Response): Promise<Error> {
  let detail = `${res.status} ${res.statusText}`;
  try {
    const body = await res.json();
    if (Array.isArray(body?.errors) && body.errors.length) {
      detail = String(body.errors[0]);
    } else if (typeof body?.error?.message === 'string') {
      detail = body.error.message;
    }
  } catch {
    // not JSON: the status says it
  }
  return new PagerDutyError(`PagerDuty: ${detail}`);
}

/**
 * Who is on call for a PagerDuty service, through the PagerDuty plugin's
 * backend, called with this plugin's token. Answers are kept: fresh ones are
 * reused for `ttlMs`, and while PagerDuty cannot be reached the last one is
 * returned with its time and the error. The PagerDuty backend retries an
 * unreachable API for about a minute without answering; each call is cut off
 * after 10 s (PortalApis).
 */
export class PagerDutyOnCall {
  private readonly kept: KeptSource<Omit<OnCallNow, 'source'>>;

  /** Whether the PagerDuty backend has credentials to call PagerDuty with. */
  static isConfigured(config: RootConfigService): boolean {
    return ['pagerDuty.apiToken', 'pagerDuty.oauth', 'pagerDuty.accounts'].some(
      key => config.has(key),
    );
  }

  constructor(
    private readonly options: {
      apis: PortalApis;
      configured: boolean;
      ttlMs?: number;
    },
  ) {
    this.kept = new KeptSource(options.ttlMs ?? 60_000);
  }

  async getOnCall(serviceId: string): Promise<OnCallNow> {
    if (!this.options.configured) {
      return {
        source: {
          configured: false,
          howToConfigure: PAGERDUTY_HOW_TO_CONFIGURE,
        },
        users: [],
      };
    }
    const kept = await this.kept.get(serviceId, () => this.fetch(serviceId), {
      background: true,
    });
    return {
      users: [],
      ...kept.value,
      source: {
        configured: true,
        asOf: kept.asOf?.toISOString(),
        error: kept.error,
      },
    };
  }

  private async fetch(serviceId: string): Promise<Omit<OnCallNow, 'source'>> {
    const { service } = await this.get<PdServiceResponse>(
      `/services/${encodeURIComponent(serviceId)}`,
    );
    const policy = service.escalation_policy;
    const users: OnCallUser[] = [];
    if (policy) {
      const body = await this.get<PdUsersResponse>(
        `/oncall-users?escalation_policy_ids[]=${encodeURIComponent(
          policy.id,
        )}`,
      );
      for (const user of body.users ?? []) {
        users.push({ ...ref(user), email: user.email });
      }
    }
    return {
      service: ref(service),
      escalationPolicy: policy && ref(policy),
      users,
    };
  }

  private async get<T>(path: string): Promise<T> {
    try {
      return await this.options.apis.get<T>(PAGERDUTY_PLUGIN_ID, path, failure);
    } catch (error) {
      if (error instanceof PagerDutyError) throw error;
      const { name, message } = error as Error;
      throw new Error(
        name === 'TimeoutError'
          ? 'PagerDuty did not answer in time'
          : `PagerDuty: ${message}`,
      );
    }
  }
}

import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DefaultApiClient } from '@internal/backstage-plugin-squad-overview-common';
import {
  OnCall,
  OnCallApi,
  ON_CALL_HOW_TO_CONFIGURE,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
} from './OnCallApi';

/**
 * On-call through the squad overview's backend (`GET /on-call/{serviceId}`).
 * Missing PagerDuty credentials or a squad without the annotation are "not
 * configured", not errors; PagerDuty down with an earlier answer is that
 * answer with its time and the error.
 *
 * @public
 */
export class OnCallClient implements OnCallApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  async getOnCall(serviceId: string | undefined): Promise<OnCall> {
    if (!serviceId) {
      return {
        configured: false,
        reason: `This squad has no ${PAGERDUTY_SERVICE_ID_ANNOTATION} annotation.`,
        howToConfigure: ON_CALL_HOW_TO_CONFIGURE,
      };
    }
    const res = await this.client.getOnCall({ path: { serviceId } });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res as Response);
    }
    const body = await res.json();
    const { source } = body;
    if (!source.configured) {
      return {
        configured: false,
        reason: 'PagerDuty credentials are not configured in this portal.',
        howToConfigure: source.howToConfigure ?? ON_CALL_HOW_TO_CONFIGURE,
      };
    }
    if (!body.service) {
      throw new Error(source.error ?? 'PagerDuty did not answer');
    }
    return {
      configured: true,
      service: body.service,
      escalationPolicy: body.escalationPolicy,
      users: body.users,
      asOf: source.asOf,
      error: source.error,
    };
  }
}

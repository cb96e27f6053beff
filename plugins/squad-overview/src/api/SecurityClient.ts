import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DefaultApiClient,
  SquadSecurity,
} from '@internal/backstage-plugin-release-status-common';
import { SecurityApi } from './SecurityApi';

/**
 * The release-status backend's typed client (from its OpenAPI contract), with
 * errors turned into `ResponseError`s.
 *
 * @public
 */
export class SecurityClient implements SecurityApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  async getSquadSecurity(
    squadRef: string,
    options?: { environment?: string },
  ): Promise<SquadSecurity> {
    const res = await this.client.getSquadSecurity({
      path: { squad: squadRef },
      query: { environment: options?.environment },
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res as Response);
    }
    return res.json();
  }
}

import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** Dead letters per service in one environment (dead-letter backend). */
export interface ServiceCounts {
  environment: string;
  items: Array<{ service: string; count: number }>;
}

/** The parts of release-status's squad drift that the overview shows. */
export interface SquadDrift {
  services: Array<{
    service: string;
    entityRef?: string;
    hasReleases: boolean;
    pairs: Array<{
      environment: string;
      artifactId: string;
      behindSince: string;
      commitCount?: number;
    }>;
  }>;
}

/** Our own plugins' HTTP APIs, called with this plugin's token. */
export class PortalApis {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  /**
   * GET from another plugin with this plugin's token, cut off after 10 s;
   * a failed response becomes `failure(res)` (default: a ResponseError).
   */
  async get<T>(
    pluginId: string,
    path: string,
    failure: (res: Response) => Promise<Error> = res =>
      ResponseError.fromResponse(res),
  ): Promise<T> {
    const base = await this.discovery.getBaseUrl(pluginId);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: pluginId,
    });
    const res = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      throw await failure(res);
    }
    return (await res.json()) as T;
  }

  async deadLetterEnvironments(): Promise<string[]> {
    const body = await this.get<{ environments: Array<{ name: string }> }>(
      'dead-letter',
      '/environments',
    );
    return body.environments.map(e => e.name);
  }

  async deadLetterCounts(environment: string): Promise<ServiceCounts> {
    return this.get<ServiceCounts>(
      'dead-letter',
      `/dead-letters/service-overview?environment=${encodeURIComponent(
        environment,
      )}`,
    );
  }

  async squadDrift(squadRef: string): Promise<SquadDrift> {
    return this.get<SquadDrift>(
      'release-status',
      `/squads/${encodeURIComponent(squadRef)}/drift`,
    );
  }
}

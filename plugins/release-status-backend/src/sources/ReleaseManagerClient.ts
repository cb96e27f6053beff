import { ResponseError } from '@backstage/errors';
import {
  ReleaseManagerApi,
  ReleaseManagerEnvironmentStatus,
  ReleaseManagerRelease,
} from '../types';

/** The release manager's HTTP API over fetch, with its bearer token. */
export class ReleaseManagerClient implements ReleaseManagerApi {
  constructor(
    private readonly options: {
      baseUrl: string;
      token?: string;
      /** The configured environments: the keys of the legacy `/status` body. */
      environments: string[];
      timeoutMs?: number;
    },
  ) {}

  private async get(path: string): Promise<Response | undefined> {
    const response = await fetch(`${this.options.baseUrl}${path}`, {
      headers: {
        Accept: 'application/json',
        ...(this.options.token && {
          Authorization: `Bearer ${this.options.token}`,
        }),
      },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    if (response.status === 404) {
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async status(service: string): Promise<ReleaseManagerEnvironmentStatus[]> {
    const response = await this.get(
      `/status?service=${encodeURIComponent(service)}`,
    );
    if (!response) {
      return [];
    }
    const body = (await response.json()) ?? {};
    if (Array.isArray(body.environments)) {
      return body.environments;
    }
    // Older release managers keyed the environments by name; other keys of
    // that body (defaultNamespaces, ...) are not environments.
    return this.options.environments
      .filter(name => body[name] && typeof body[name] === 'object')
      .map(name => ({ name, ...body[name] }));
  }

  async describeReleases(
    service: string,
    environment: string,
    count: number,
  ): Promise<ReleaseManagerRelease[]> {
    const response = await this.get(
      `/describe/release/${encodeURIComponent(service)}/${encodeURIComponent(
        environment,
      )}?count=${count}`,
    );
    if (!response) {
      return [];
    }
    const body = (await response.json()) ?? {};
    return Array.isArray(body.releases) ? body.releases : [];
  }
}

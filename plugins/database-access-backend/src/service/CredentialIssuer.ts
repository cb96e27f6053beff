import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { randomBytes } from 'node:crypto';
import { DatabaseAccessSettings } from '../config';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { Credentials } from '../schema/openapi';
import { StoredRequest } from '../types';
import { AuditTrail } from './AuditTrail';
import { CallerAccess } from './CallerAccess';
import { GrantLifecycle } from './GrantLifecycle';

/**
 * The requester's password, shown once: set fresh on the role at the moment
 * it is asked for, returned, and stored nowhere.
 */
export class CredentialIssuer {
  constructor(
    private readonly options: {
      settings: DatabaseAccessSettings;
      store: DatabaseAccessStore;
      lifecycle: GrantLifecycle;
      access: CallerAccess;
      audit: AuditTrail;
    },
  ) {}

  async issue(
    request: StoredRequest,
    credentials: BackstageCredentials,
  ): Promise<Credentials> {
    const { store, audit, access, lifecycle, settings } = this.options;
    const caller = await access.identities(credentials);
    const refuse = (error: Error) =>
      audit.refuse(caller.me, 'credentials-refused', error, request);
    if (!caller.is(request.requester)) {
      await refuse(
        new NotAllowedError(
          'Only the requester may get the password of this access',
        ),
      );
    }
    const grant = await store.getGrant(request.id);
    if (request.status !== 'active' || !grant || grant.state !== 'active') {
      return refuse(
        new ConflictError(
          `This access is ${
            request.status === 'granting' ? 'being granted' : request.status
          }; there is no password to show`,
        ),
      );
    }
    const granter = lifecycle.granter(request.environment);
    if (grant.mode !== 'direct' || !granter) {
      return refuse(
        new ConflictError(
          "In GitOps mode the cluster's postgresql-controller creates the login; sign in the way it documents",
        ),
      );
    }
    // Claimed before the password exists: a second call gets nothing.
    if (!(await store.markCredentialsIssued(request.id))) {
      return refuse(
        new ConflictError(
          'The password was already shown once and is not stored; revoke this access and ask again if you lost it',
        ),
      );
    }
    const password = randomBytes(24)
      .toString('base64url')
      .replace(/[^A-Za-z0-9]/g, 'x');
    try {
      await granter.setPassword(grant.roleName, password);
    } catch (error) {
      await store.unmarkCredentialsIssued(request.id);
      return audit.refuse(
        caller.me,
        'credentials-failed',
        error as Error,
        request,
      );
    }
    await audit.record({
      actor: caller.me,
      action: 'credentials-issued',
      requestId: request.id,
      databaseRef: request.databaseRef,
      environment: request.environment,
      level: request.level,
      detail: `password set on ${grant.roleName}`,
    });
    const env = settings.environments.find(
      e => e.name === request.environment,
    )!;
    return {
      username: grant.roleName,
      password,
      host: env.connectHost,
      port: env.connectPort,
      database: grant.databaseName,
      validUntil: grant.validUntil.toISOString(),
    };
  }
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  databaseAccessGrantRevokePermission,
  databaseAccessRequestApprovePermission,
} from '@internal/backstage-plugin-database-access-common';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { AccessRequest } from '../schema/openapi';
import { StoredRequest } from '../types';
import { CallerAccess, lower } from './CallerAccess';
import { CallerFlags, toAccessRequest } from './views';

/** Requests as the caller sees them: with approvals, grant and what they may do. */
export class RequestViews {
  constructor(
    private readonly options: {
      store: DatabaseAccessStore;
      access: CallerAccess;
    },
  ) {}

  async one(
    request: StoredRequest,
    credentials: BackstageCredentials,
  ): Promise<AccessRequest> {
    const [item] = await this.many([request], credentials);
    return item;
  }

  async many(
    requests: StoredRequest[],
    credentials: BackstageCredentials,
  ): Promise<AccessRequest[]> {
    const { store, access } = this.options;
    const ids = requests.map(r => r.id);
    const [approvals, grants, caller] = await Promise.all([
      store.approvals(ids),
      store.grants(ids),
      access.identities(credentials),
    ]);
    const refsIn = (status: string) =>
      requests.filter(r => r.status === status).map(r => r.databaseRef);
    const [mayApprove, mayRevoke] = await Promise.all([
      access.allowedOn(
        credentials,
        databaseAccessRequestApprovePermission,
        refsIn('pending'),
      ),
      access.allowedOn(
        credentials,
        databaseAccessGrantRevokePermission,
        refsIn('active'),
      ),
    ]);
    return requests.map(request => {
      const mine = caller.is(request.requester);
      const approvedByMe = (approvals.get(request.id) ?? []).some(
        a => lower(a.approver) === lower(caller.me),
      );
      const squad = mayApprove.has(request.databaseRef);
      const flags: CallerFlags = {
        canApprove: false,
        canReject: request.status === 'pending' && !mine && squad,
        canRevoke:
          (request.status === 'active' &&
            (mine || mayRevoke.has(request.databaseRef))) ||
          (request.status === 'pending' && mine),
        cannotApproveReason: cannotApprove(request, mine, approvedByMe, squad),
      };
      flags.canApprove = flags.cannotApproveReason === null;
      return toAccessRequest(
        request,
        approvals.get(request.id) ?? [],
        grants.get(request.id),
        flags,
      );
    });
  }
}

function cannotApprove(
  request: StoredRequest,
  mine: boolean,
  approvedByMe: boolean,
  squad: boolean,
): string | null {
  if (request.status !== 'pending') {
    return `The request is ${
      request.status === 'granting' ? 'being granted' : request.status
    }`;
  }
  if (mine) {
    return 'You asked for this access; another member of the owning squad must approve it';
  }
  if (approvedByMe) {
    return 'You have already approved this request; it needs another approver';
  }
  if (!squad) {
    return `Only members of ${
      request.ownerRef ?? 'the owning squad'
    } may approve`;
  }
  return null;
}

import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

export const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The signed-in user's entity ref; services and guests without one may not act. */
export function userRefOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError('Only signed-in users may do this');
  }
  return principal.userEntityRef;
}

/** Who the caller is and what the permission policy lets them do. */
export class CallerAccess {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      userInfo: UserInfoService;
    },
  ) {}

  async allowed(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Which of the databases the caller may act on with a resource permission. */
  async allowedOn(
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
    databaseRefs: string[],
  ): Promise<Set<string>> {
    const refs = [...new Set(databaseRefs)];
    if (refs.length === 0) return new Set();
    const decisions = await this.options.permissions.authorize(
      refs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );
    return new Set(
      refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  /**
   * The user refs the caller acts as: its token's, its sign-in's and any
   * user among its ownership claims (a second identity of the same user).
   */
  async identities(credentials: BackstageCredentials) {
    const me = userRefOf(credentials);
    const info = await this.options.userInfo.getUserInfo(credentials);
    const all = new Set(
      [me, info.userEntityRef, ...info.ownershipEntityRefs]
        .filter(ref => lower(ref).startsWith('user:'))
        .map(lower),
    );
    return {
      me,
      ownership: info.ownershipEntityRefs,
      /** True when the caller is (an identity of) this user. */
      is: (userRef: string) => all.has(lower(userRef)),
    };
  }
}

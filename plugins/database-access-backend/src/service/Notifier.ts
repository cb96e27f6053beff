import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { StoredRequest } from '../types';

function describe(request: StoredRequest) {
  const name = request.databaseRef.replace(/^resource:(default\/)?/, '');
  return `${request.level} access to ${name} (${request.environment})`;
}

/** Tells approvers and requesters through Backstage notifications. */
export class Notifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
    },
  ) {}

  private link(request: StoredRequest) {
    return `/database-access?request=${encodeURIComponent(request.id)}`;
  }

  private async send(
    entityRef: string,
    exclude: string | undefined,
    title: string,
    description: string,
    request: StoredRequest,
  ) {
    if (!this.options.notifications) {
      return;
    }
    try {
      await this.options.notifications.send({
        recipients: {
          type: 'entity',
          entityRef,
          ...(exclude ? { excludeEntityRef: exclude } : {}),
        },
        payload: {
          title,
          description,
          link: this.link(request),
          severity: 'normal',
          topic: 'database-access',
          scope: `database-access:${request.id}`,
        },
      });
    } catch (error) {
      // A lost notification must not undo a decision.
      this.options.logger.warn(
        `Could not send notification "${title}": ${error}`,
      );
    }
  }

  /** Members of the owning squad, except the requester. */
  async requested(request: StoredRequest) {
    if (!request.ownerRef) return;
    await this.send(
      request.ownerRef,
      request.requester,
      `Approve ${describe(request)}?`,
      `${request.requester} asks for ${request.durationMinutes} minutes: ${request.reason}`,
      request,
    );
  }

  /** The requester, on a decision, grant, revoke or failure. */
  async toRequester(request: StoredRequest, what: string, detail?: string) {
    await this.send(
      request.requester,
      undefined,
      `Your ${describe(request)}: ${what}`,
      detail ?? request.reason,
      request,
    );
  }
}

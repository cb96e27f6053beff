import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';

/** Settings shared by the processor and the providers. @public */
export type ShuttleOptions = {
  /** How a squad short name becomes an owner ref; `{squad}` is replaced. */
  ownerPattern: string;
  /** Owner of provider-made components whose shuttle.yaml names no squad. */
  defaultOwner: string;
  /** Lifecycle of provider-made components (shuttle.yaml has none). */
  defaultLifecycle: string;
  maxFileBytes: number;
  /**
   * Entity refs of the shared resources the switches point at; `false` turns
   * the relation off (each relation to a shared resource makes the catalog
   * re-stitch that resource with all its dependents).
   */
  resources: { rabbitmq: string | false; ingress: string | false };
  /** Warn when the owner group is not in the catalog. */
  checkGroups: boolean;
  /**
   * Emit a `<service>-db` Resource for `vars.db`. When false, only the
   * relation is made (for catalogs that define their databases elsewhere).
   */
  emitDatabases: boolean;
};

export const DEFAULT_OPTIONS: ShuttleOptions = {
  ownerPattern: 'group:squad-{squad}',
  defaultOwner: 'group:default/unknown',
  defaultLifecycle: 'production',
  maxFileBytes: 256 * 1024,
  resources: {
    rabbitmq: 'resource:default/rabbitmq',
    ingress: 'resource:default/ingress',
  },
  checkGroups: true,
  emitDatabases: true,
};

/**
 * Reads the `shuttle` config block. Bad values are logged and replaced by
 * defaults: the catalog must start even when this block is wrong.
 */
export function readShuttleOptions(
  config: Config,
  logger?: LoggerService,
): ShuttleOptions {
  const options: ShuttleOptions = {
    ...DEFAULT_OPTIONS,
    resources: { ...DEFAULT_OPTIONS.resources },
  };
  const read = <T>(fn: () => T | undefined, key: string): T | undefined => {
    try {
      return fn();
    } catch (e) {
      logger?.warn(`Ignoring config shuttle.${key}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const ownerPattern = read(
    () => config.getOptionalString('shuttle.ownerPattern'),
    'ownerPattern',
  );
  if (ownerPattern !== undefined) {
    if (ownerPattern.includes('{squad}')) {
      options.ownerPattern = ownerPattern;
    } else {
      logger?.warn(
        `Ignoring config shuttle.ownerPattern "${ownerPattern}": it must contain {squad}`,
      );
    }
  }
  options.defaultOwner =
    read(
      () => config.getOptionalString('shuttle.defaultOwner'),
      'defaultOwner',
    ) ?? options.defaultOwner;
  options.defaultLifecycle =
    read(
      () => config.getOptionalString('shuttle.defaultLifecycle'),
      'defaultLifecycle',
    ) ?? options.defaultLifecycle;
  const maxFileBytes = read(
    () => config.getOptionalNumber('shuttle.maxFileBytes'),
    'maxFileBytes',
  );
  if (maxFileBytes !== undefined) {
    if (Number.isFinite(maxFileBytes) && maxFileBytes > 0) {
      options.maxFileBytes = maxFileBytes;
    } else {
      logger?.warn(`Ignoring config shuttle.maxFileBytes ${maxFileBytes}`);
    }
  }
  options.emitDatabases =
    read(
      () => config.getOptionalBoolean('shuttle.emitDatabases'),
      'emitDatabases',
    ) ?? options.emitDatabases;
  for (const key of ['rabbitmq', 'ingress'] as const) {
    const value = read(
      () => config.getOptional(`shuttle.resources.${key}`),
      `resources.${key}`,
    );
    if (value === false || (typeof value === 'string' && value)) {
      options.resources[key] = value;
    } else if (value !== undefined) {
      logger?.warn(
        `Ignoring config shuttle.resources.${key}: it must be an entity ref or false`,
      );
    }
  }
  options.checkGroups =
    read(
      () => config.getOptionalBoolean('shuttle.checkGroups'),
      'checkGroups',
    ) ?? options.checkGroups;
  return options;
}

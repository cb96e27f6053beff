import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { DeferredEntity } from '@backstage/plugin-catalog-node';
import { GroupChecker } from '../lib/groups';
import { ShuttleOptions } from '../lib/options';
import {
  readShuttleYaml,
  ShuttleParseResult,
  tooLarge,
} from '../lib/parseShuttleYaml';
import { ShuttleProviderBase } from './ShuttleProviderBase';

const CATALOG_FILES = ['catalog-info.yaml', 'catalog-info.yml'];

/**
 * Discovers repositories on disk: every direct subdirectory of `path` that
 * has a shuttle.yaml and no catalog-info.yaml becomes a Component.
 * @public
 */
export class ShuttleDirectoryProvider extends ShuttleProviderBase {
  private readonly root: string;

  constructor(
    private readonly deps: {
      id: string;
      /** Absolute, or relative to the backend's working directory. */
      path: string;
      options: ShuttleOptions;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      groups?: GroupChecker;
    },
  ) {
    super(deps);
    this.root = path.resolve(deps.path);
  }

  getProviderName(): string {
    return `shuttle-directory:${this.deps.id}`;
  }

  /** Scans the directory once and replaces this provider's entities. */
  async refresh(): Promise<void> {
    this.assertConnected();
    let dirs: string[];
    try {
      dirs = (await fs.readdir(this.root, { withFileTypes: true }))
        .filter(d => d.isDirectory() && !d.name.startsWith('.'))
        .map(d => d.name)
        .sort();
    } catch (e) {
      // A missing root is a config problem; keep what we have rather than
      // deleting every entity.
      this.deps.logger.warn(
        `${this.getProviderName()}: cannot read ${this.root}: ${
          (e as Error).message
        }`,
      );
      return;
    }
    const entities: DeferredEntity[] = [];
    for (const dir of dirs) {
      const repoDir = path.join(this.root, dir);
      if (await anyFileExists(repoDir, CATALOG_FILES)) {
        continue;
      }
      const shuttlePath = path.join(repoDir, 'shuttle.yaml');
      let size: number;
      try {
        const stat = await fs.stat(shuttlePath);
        if (!stat.isFile()) {
          continue;
        }
        size = stat.size;
      } catch {
        continue;
      }
      const { maxFileBytes } = this.deps.options;
      let parsed: ShuttleParseResult;
      try {
        // The cap holds while reading too: the file may grow after stat
        parsed =
          size > maxFileBytes
            ? tooLarge(size, maxFileBytes)
            : await readShuttleYaml(createReadStream(shuttlePath), {
                maxFileBytes,
              });
      } catch (e) {
        parsed = this.unreadable(e);
      }
      entities.push(
        ...(await this.entitiesOf({
          name: dir,
          parsed,
          fileRef: shuttlePath,
          locationRef: `file:${shuttlePath}`,
          sourceLocation: `dir:${repoDir}/`,
        })),
      );
    }
    await this.replaceEntities(entities);
    this.deps.logger.info(
      `${this.getProviderName()}: ${entities.length} entities from ${
        this.root
      }`,
    );
  }
}

async function anyFileExists(dir: string, names: string[]): Promise<boolean> {
  for (const name of names) {
    try {
      await fs.access(path.join(dir, name));
      return true;
    } catch {
      // not there
    }
  }
  return false;
}

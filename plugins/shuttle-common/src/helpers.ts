import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_SHUTTLE_PLAN_KIND,
  ANNOTATION_SHUTTLE_PROBLEMS,
  ANNOTATION_SHUTTLE_VARS,
} from './annotations';

/** @public */
export type ShuttleProblem = {
  level: 'error' | 'warning';
  message: string;
};

/**
 * True when the entity has shuttle data or shuttle problems to show: the
 * rule for where the Build card appears.
 * @public
 */
export function isShuttleAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_SHUTTLE_PLAN_KIND] ||
      annotations[ANNOTATION_SHUTTLE_PROBLEMS],
  );
}

/**
 * Reads the problems annotation; tolerant of anything a person may have
 * typed into it by hand.
 * @public
 */
export function getShuttleProblems(entity: Entity): ShuttleProblem[] {
  const raw = entity.metadata.annotations?.[ANNOTATION_SHUTTLE_PROBLEMS];
  if (!raw) {
    return [];
  }
  try {
    const parsed = JSON.parse(raw);
    if (!Array.isArray(parsed)) {
      return [{ level: 'warning', message: String(raw) }];
    }
    return parsed.map(p => ({
      level: p?.level === 'error' ? 'error' : 'warning',
      message: String(p?.message ?? p),
    }));
  } catch {
    return [{ level: 'warning', message: raw }];
  }
}

/** Reads the vars annotation; an empty object when absent or unreadable. @public */
export function getShuttleVars(entity: Entity): Record<string, unknown> {
  const raw = entity.metadata.annotations?.[ANNOTATION_SHUTTLE_VARS];
  if (!raw) {
    return {};
  }
  try {
    const parsed = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? parsed
      : {};
  } catch {
    return {};
  }
}

/**
 * A browsable https URL for a git plan, e.g.
 * `git://git@github.com:lunarway/shuttle-go-plan.git` with ref `v2` becomes
 * `https://github.com/lunarway/shuttle-go-plan/tree/v2`. Undefined when the
 * plan is not a recognisable git URL.
 * @public
 */
export function gitPlanWebUrl(plan: string, ref?: string): string | undefined {
  let host: string;
  let path: string;
  const scp = /^(?:git:\/\/|ssh:\/\/)?[\w.-]+@([\w.-]+):(?!\d+\/)(.+)$/.exec(
    plan,
  );
  if (scp) {
    host = scp[1];
    path = scp[2];
  } else {
    let url: URL;
    try {
      url = new URL(plan);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'git:', 'ssh:'].includes(url.protocol)) {
      return undefined;
    }
    host = url.host;
    path = url.pathname;
  }
  path = path
    .replace(/^\/+/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  if (!host || !path) {
    return undefined;
  }
  const base = `https://${host}/${path}`;
  return ref ? `${base}/tree/${encodeURIComponent(ref)}` : base;
}

import { PulseKind } from './schema/openapi';

/** What a GitHub webhook means for the pulse, before its squad is known. */
export interface GithubPulseEvent {
  repository: string;
  sourceId: string;
  kind: PulseKind;
  summary: string;
  actor?: string;
  url?: string;
  at: number;
}

/** The GitHub topics the pulse listens to (the github module's sub-topics). */
export const GITHUB_TOPICS = [
  'github.pull_request',
  'github.pull_request_review',
  'github.check_suite',
  'github.workflow_run',
];

type Obj = Record<string, any>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function time(value: unknown): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? Date.now() : t;
}

/** Thrown for a payload that lacks what its event type always carries. */
export class MalformedPayloadError extends Error {}

function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === '') {
    throw new MalformedPayloadError(`missing ${what}`);
  }
  return value;
}

function pullRequest(p: Obj, repo: string): GithubPulseEvent | undefined {
  const pr = need(
    isObj(p.pull_request) ? p.pull_request : undefined,
    'pull_request',
  );
  const number = need(pr.number as number, 'pull_request.number');
  const title = String(pr.title ?? '');
  const base = { repository: repo, url: pr.html_url };
  if (p.action === 'opened') {
    return {
      ...base,
      sourceId: `github:pr-opened:${repo}#${number}`,
      kind: 'pr-opened',
      summary: `PR #${number} opened in ${repo}: ${title}`,
      actor: pr.user?.login,
      at: time(pr.created_at),
    };
  }
  if (p.action === 'closed' && pr.merged === true) {
    return {
      ...base,
      sourceId: `github:pr-merged:${repo}#${number}`,
      kind: 'pr-merged',
      summary: `PR #${number} merged in ${repo}: ${title}`,
      actor: pr.merged_by?.login ?? p.sender?.login,
      at: time(pr.merged_at),
    };
  }
  return undefined;
}

function review(p: Obj, repo: string): GithubPulseEvent | undefined {
  const r = need(isObj(p.review) ? p.review : undefined, 'review');
  const pr = need(
    isObj(p.pull_request) ? p.pull_request : undefined,
    'pull_request',
  );
  if (
    p.action !== 'submitted' ||
    String(r.state).toLowerCase() !== 'approved'
  ) {
    return undefined;
  }
  const number = need(pr.number as number, 'pull_request.number');
  return {
    repository: repo,
    sourceId: `github:pr-approved:${repo}#${number}:${need(r.id, 'review.id')}`,
    kind: 'pr-approved',
    summary: `PR #${number} approved in ${repo}: ${String(pr.title ?? '')}`,
    actor: r.user?.login,
    url: r.html_url ?? pr.html_url,
    at: time(r.submitted_at),
  };
}

const FAILED = ['failure', 'timed_out', 'startup_failure'];

function build(
  p: Obj,
  repo: string,
  key: string,
): GithubPulseEvent | undefined {
  const run = need(isObj(p[key]) ? p[key] : undefined, key);
  if (p.action !== 'completed') {
    return undefined;
  }
  // Builds of the default branch only: the main line's health.
  const branch = run.head_branch;
  const main = p.repository?.default_branch ?? 'main';
  if (branch !== main) {
    return undefined;
  }
  const conclusion = run.conclusion;
  const ok = conclusion === 'success';
  if (!ok && !FAILED.includes(conclusion)) {
    return undefined;
  }
  const sha = String(need(run.head_sha, `${key}.head_sha`));
  const name = key === 'workflow_run' ? ` (${run.name ?? 'workflow'})` : '';
  return {
    repository: repo,
    // One entry per commit and outcome, whether it came as a check suite or
    // a workflow run (GitHub Actions sends both).
    sourceId: `github:build:${repo}:${sha}:${ok ? 'ok' : 'failed'}`,
    kind: ok ? 'build-succeeded' : 'build-failed',
    summary: `Build of ${main} ${
      ok ? 'succeeded' : 'failed'
    } in ${repo}${name} at ${sha.slice(0, 7)}`,
    actor: run.actor?.login ?? p.sender?.login,
    url: run.html_url ?? `https://github.com/${repo}/commit/${sha}/checks`,
    at: time(run.updated_at ?? run.completed_at),
  };
}

/**
 * The pulse event of a GitHub webhook, undefined when the action does not
 * belong in the pulse. Throws MalformedPayloadError for a payload without
 * what its event type always carries.
 */
export function toGithubPulseEvent(
  topic: string,
  payload: unknown,
): GithubPulseEvent | undefined {
  if (!isObj(payload)) {
    throw new MalformedPayloadError('the payload is not an object');
  }
  const repo = need(
    isObj(payload.repository) ? payload.repository.full_name : undefined,
    'repository.full_name',
  ) as string;
  switch (topic) {
    case 'github.pull_request':
      return pullRequest(payload, repo);
    case 'github.pull_request_review':
      return review(payload, repo);
    case 'github.check_suite':
      return build(payload, repo, 'check_suite');
    case 'github.workflow_run':
      return build(payload, repo, 'workflow_run');
    default:
      return undefined;
  }
}

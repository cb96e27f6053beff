/**
 * Splits a plan value into kind, plan and ref. Git plans are URLs
 * (`git://git@host:path.git`, `https://host/path.git`, `ssh://...`,
 * `git@host:path`) with an optional `#branch|tag|sha`; anything else is a
 * local path.
 */
export function classifyPlan(plan: string): {
  kind: 'git' | 'local';
  value: string;
  ref?: string;
} {
  const trimmed = plan.trim();
  const isGit =
    /^(git|ssh|https?):\/\//i.test(trimmed) ||
    /^[\w.-]+@[\w.-]+:/.test(trimmed);
  if (!isGit) {
    return { kind: 'local', value: trimmed };
  }
  const hash = trimmed.indexOf('#');
  if (hash === -1) {
    return { kind: 'git', value: trimmed };
  }
  const ref = trimmed.slice(hash + 1).trim();
  return {
    kind: 'git',
    value: trimmed.slice(0, hash),
    ...(ref ? { ref } : {}),
  };
}

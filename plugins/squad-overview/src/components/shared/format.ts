import { DateTime } from 'luxon';

/** "5 minutes ago"; the exact time goes in a title beside it. */
export function relativeTime(iso: string, now = DateTime.now()): string {
  const at = DateTime.fromISO(iso);
  if (!at.isValid) return iso;
  if (Math.abs(now.diff(at).as('seconds')) < 45) return 'just now';
  return at.toRelative({ base: now }) ?? iso;
}

/** "2026-12-01 09:14" in the user's time zone. */
export function exactTime(iso: string): string {
  const at = DateTime.fromISO(iso);
  return at.isValid ? at.toFormat('yyyy-MM-dd HH:mm:ss') : iso;
}

/** "3 days" for how long something has been so. */
export function durationSince(iso: string, now = DateTime.now()): string {
  const at = DateTime.fromISO(iso);
  if (!at.isValid) return '';
  const diff = now.diff(at, ['days', 'hours', 'minutes']);
  if (diff.days >= 1) return `${Math.floor(diff.days)} d`;
  if (diff.hours >= 1) return `${Math.floor(diff.hours)} h`;
  return `${Math.max(1, Math.floor(diff.minutes))} min`;
}

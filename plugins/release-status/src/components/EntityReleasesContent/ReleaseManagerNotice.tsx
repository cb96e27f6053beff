import Alert from '@material-ui/lab/Alert';
import type { ReleaseManagerHealth } from '@internal/backstage-plugin-release-status-common';
import { absoluteTime, relativeTime } from '../shared/format';

/** The sentence for a release manager the backend cannot reach. */
export function staleSentence(health: ReleaseManagerHealth): string {
  const { lastReachedAt, lastError } = health;
  const since = lastReachedAt
    ? `not reached since ${relativeTime(lastReachedAt)}`
    : 'never reached';
  // An error older than the last success is not why the data is stale.
  const failing =
    lastError &&
    (!lastReachedAt || Date.parse(lastError.at) >= Date.parse(lastReachedAt));
  const reason = failing ? ` (${lastError.message})` : '';
  return `Release manager ${since}${reason}: what runs where may be stale.`;
}

/**
 * Says when what the release manager reports may be out of date, or that it
 * is not a source at all; nothing while it is reached on schedule.
 */
export const ReleaseManagerNotice = ({
  health,
}: {
  health?: ReleaseManagerHealth;
}) => {
  if (!health) {
    return null;
  }
  if (!health.configured) {
    return (
      <Alert severity="info">
        Release manager not configured: only CI ingest and release events are
        shown.
      </Alert>
    );
  }
  if (!health.stale) {
    return null;
  }
  return (
    <Alert
      severity="warning"
      title={
        health.lastReachedAt
          ? `Last reached ${absoluteTime(health.lastReachedAt)}`
          : undefined
      }
    >
      {staleSentence(health)}
    </Alert>
  );
};

import { EmptyState } from '@backstage/core-components';

/** What the views show while the backend has no environment configured. */
export const NotConfigured = () => (
  <EmptyState
    missing="field"
    title="Database access is not configured"
    description="No environment is configured, so there is nothing to ask access to. Add one under databaseAccess.environments in app-config.yaml (admin connection, maximum durations, approvals), then restart the portal."
  />
);

import {
  InfoCard,
  Link,
  StructuredMetadataTable,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_SHUTTLE_FILE,
  ANNOTATION_SHUTTLE_PLAN,
  ANNOTATION_SHUTTLE_PLAN_KIND,
  ANNOTATION_SHUTTLE_PLAN_REF,
  ANNOTATION_SHUTTLE_SCRIPTS,
  ANNOTATION_SHUTTLE_SERVICE,
  getShuttleProblems,
  getShuttleVars,
  gitPlanWebUrl,
} from '@internal/backstage-plugin-shuttle-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

function Plan({
  kind,
  plan,
  refName,
}: {
  kind?: string;
  plan?: string;
  refName?: string;
}) {
  if (kind === 'none') {
    return <Typography variant="body2">No plan (plan: false)</Typography>;
  }
  if (!plan) {
    return <Typography variant="body2">Unknown</Typography>;
  }
  const url = kind === 'git' ? gitPlanWebUrl(plan, refName) : undefined;
  return (
    <Typography variant="body2">
      {url ? <Link to={url}>{plan}</Link> : plan}
      {kind === 'local' ? ' (local path)' : null}
    </Typography>
  );
}

/**
 * Vars as shuttle.yaml writes them: `db: true` reads "true", not a check-mark
 * icon (the table's default for booleans, which a browser without an emoji
 * font draws as an empty box).
 */
function displayValue(value: unknown): unknown {
  if (typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.map(displayValue);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, displayValue(v)]),
    );
  }
  return value;
}

/** The Build card: plan, ref and vars from shuttle.yaml, and its problems. */
export function BuildCard() {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const problems = getShuttleProblems(entity);
  const errors = problems.filter(p => p.level === 'error');
  const warnings = problems.filter(p => p.level === 'warning');
  const kind = annotations[ANNOTATION_SHUTTLE_PLAN_KIND];
  const file = annotations[ANNOTATION_SHUTTLE_FILE];
  const vars = displayValue(getShuttleVars(entity)) as Record<string, unknown>;
  const scripts = annotations[ANNOTATION_SHUTTLE_SCRIPTS];

  const overview: Record<string, unknown> = {};
  if (kind) {
    overview.plan = (
      <Plan
        kind={kind}
        plan={annotations[ANNOTATION_SHUTTLE_PLAN]}
        refName={annotations[ANNOTATION_SHUTTLE_PLAN_REF]}
      />
    );
    overview.ref =
      annotations[ANNOTATION_SHUTTLE_PLAN_REF] ??
      (kind === 'git' ? 'default branch' : '–');
    if (annotations[ANNOTATION_SHUTTLE_SERVICE]) {
      overview.service = annotations[ANNOTATION_SHUTTLE_SERVICE];
    }
    if (scripts) {
      overview['Local scripts'] = scripts.split(',').join(', ');
    }
  }

  return (
    <InfoCard
      title="Build"
      subheader="From shuttle.yaml"
      deepLink={
        file && /^https?:\/\//.test(file)
          ? { title: 'View shuttle.yaml', link: file }
          : undefined
      }
    >
      {errors.map((p, i) => (
        <Box mb={2} key={`e${i}`}>
          <WarningPanel
            severity="error"
            title="shuttle.yaml could not be used"
            message={p.message}
            defaultExpanded
          />
        </Box>
      ))}
      {warnings.length > 0 && (
        <Box mb={2}>
          <WarningPanel
            severity="warning"
            title={`shuttle.yaml: ${warnings.length} warning${
              warnings.length > 1 ? 's' : ''
            }`}
            defaultExpanded
          >
            <ul style={{ margin: 0 }}>
              {warnings.map((p, i) => (
                <li key={i}>
                  <Typography variant="body2">{p.message}</Typography>
                </li>
              ))}
            </ul>
          </WarningPanel>
        </Box>
      )}
      {kind ? (
        <>
          <StructuredMetadataTable metadata={overview} />
          <Box mt={2}>
            <Typography variant="subtitle2">Vars</Typography>
            {Object.keys(vars).length > 0 ? (
              <StructuredMetadataTable
                metadata={vars}
                options={{ titleFormat: key => key }}
              />
            ) : (
              <Typography variant="body2">shuttle.yaml has no vars.</Typography>
            )}
          </Box>
        </>
      ) : (
        errors.length === 0 && (
          <Typography variant="body2">
            No shuttle data on this entity.
          </Typography>
        )
      )}
      {file && !/^https?:\/\//.test(file) && (
        <Box mt={2}>
          <Typography variant="caption" color="textSecondary">
            Read from {file}
          </Typography>
        </Box>
      )}
    </InfoCard>
  );
}

import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deadLetterApiRef } from '../../api';
import { TrendChart } from './TrendChart';
import { TrendTable } from './TrendTable';
import { squadLabel, trendSquads, trendStacks } from './trendStacks';

export const TREND_DAYS = 14;
/** The selector's value for all squads (never an entity ref). */
const ALL = 'all-squads';

/**
 * Dead letters per day over the last 14 days in one environment: stacked
 * by squad, or by service of the squad picked; the numbers also as a table.
 */
export const TrendsCard = ({ environment }: { environment: string }) => {
  const api = useApi(deadLetterApiRef);
  const [picked, setPicked] = useState(ALL);
  const [showTable, setShowTable] = useState(false);
  const trends = useAsync(
    () => api.getTrends({ environment, days: TREND_DAYS }),
    [api, environment],
  );
  const squads = useMemo(
    () => (trends.value ? trendSquads(trends.value) : []),
    [trends.value],
  );
  // A squad picked in another environment may have nothing here.
  const squad = squads.some(s => s.ref === picked) ? picked : ALL;
  const stacks = useMemo(
    () =>
      trends.value
        ? trendStacks(trends.value, squad === ALL ? undefined : squad)
        : [],
    [trends.value, squad],
  );
  const scope = `${
    squad === ALL ? 'all squads' : squadLabel(squad)
  } in ${environment}`;

  let content;
  if (trends.loading) {
    content = <Progress />;
  } else if (trends.error) {
    content = <ResponseErrorPanel error={trends.error} />;
  } else if (!trends.value || squads.length === 0) {
    content = (
      <Typography color="textSecondary">
        No dead letters in the last {TREND_DAYS} days
      </Typography>
    );
  } else {
    const { days } = trends.value;
    content = (
      <>
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
          <TextField
            select
            id="dead-letter-trend-squad"
            label="Squad"
            variant="outlined"
            size="small"
            value={squad}
            onChange={e => setPicked(e.target.value)}
            SelectProps={{ native: true }}
            style={{ minWidth: 200 }}
          >
            <option value={ALL}>All squads</option>
            {squads.map(s => (
              <option key={s.ref} value={s.ref}>
                {squadLabel(s.ref)}
              </option>
            ))}
          </TextField>
          <Button
            size="small"
            onClick={() => setShowTable(v => !v)}
            aria-expanded={showTable}
            aria-controls={showTable ? 'dead-letter-trend-table' : undefined}
          >
            {showTable ? 'Hide table' : 'Show table'}
          </Button>
        </Box>
        <TrendChart days={days} stacks={stacks} scope={scope} />
        {showTable && (
          <Box mt={2} overflow="auto">
            <TrendTable
              id="dead-letter-trend-table"
              caption={`Dead letters per day, ${scope}`}
              days={days}
              stacks={stacks}
            />
          </Box>
        )}
      </>
    );
  }
  return (
    <InfoCard title={`Dead letters per day (last ${TREND_DAYS} days)`}>
      {content}
    </InfoCard>
  );
};

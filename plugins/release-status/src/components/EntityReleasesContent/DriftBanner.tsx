import { Link } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import Box from '@material-ui/core/Box';
import type { DriftPair } from '../../api';
import { driftSentence } from '../shared/format';

/** One line per environment that runs something other than an earlier one. */
export const DriftBanner = ({ pairs }: { pairs: DriftPair[] }) => {
  if (pairs.length === 0) {
    return (
      <Alert severity="success">
        No drift: no environment is behind another.
      </Alert>
    );
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {pairs.map(pair => (
        <Alert
          key={`${pair.environment}-${pair.aheadEnvironment}`}
          severity="warning"
          action={
            pair.compareUrl ? (
              <Link to={pair.compareUrl}>Compare</Link>
            ) : undefined
          }
        >
          {driftSentence(pair)}
        </Alert>
      ))}
    </Box>
  );
};

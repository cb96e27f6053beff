import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { BulkJob } from '../../api';
import { progressLabel, progressText, progressValue } from './bulkOutcome';

/** A running bulk job: "Deleting: 500 of 1,234 messages processed." and a bar. */
export const BulkProgress = ({ job }: { job: BulkJob }) => (
  <Box mt={2}>
    <Typography variant="body2" gutterBottom>
      {progressText(job)}
    </Typography>
    <LinearProgress
      variant="determinate"
      value={progressValue(job)}
      aria-label={progressLabel(job.action)}
    />
  </Box>
);

import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { formatCount } from '../shared/format';
import { dayTotals, TrendStack } from './trendStacks';

/** The chart's numbers as a table: a row per day, a column per part. */
export const TrendTable = (props: {
  id: string;
  caption: string;
  days: string[];
  stacks: TrendStack[];
}) => {
  const { id, caption, days, stacks } = props;
  const totals = dayTotals(days, stacks);
  return (
    <Table id={id} size="small">
      <caption>{caption}</caption>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            Day
          </TableCell>
          {stacks.map(s => (
            <TableCell key={s.key} component="th" scope="col" align="right">
              {s.label}
            </TableCell>
          ))}
          <TableCell component="th" scope="col" align="right">
            Total
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {days.map((day, d) => (
          <TableRow key={day}>
            <TableCell component="th" scope="row">
              {day}
            </TableCell>
            {stacks.map(s => (
              <TableCell key={s.key} align="right">
                {formatCount(s.counts[d] ?? 0)}
              </TableCell>
            ))}
            <TableCell align="right">{formatCount(totals[d])}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SquadCount } from '../../api';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: '180px 1fr 64px',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.5),
    width: '100%',
    padding: 0,
    border: 0,
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    textAlign: 'left',
    cursor: 'pointer',
  },
  label: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  track: {
    height: 16,
    background: theme.palette.action.hover,
    borderRadius: 2,
  },
  bar: {
    height: '100%',
    background: theme.palette.secondary.main,
    borderRadius: 2,
  },
  selected: {
    background: theme.palette.primary.main,
  },
}));

/** Horizontal bars, one per squad, scaled to the largest count. */
export const SquadChart = (props: {
  squads: SquadCount[];
  selected?: string;
  onSelect: (squad: string) => void;
  max?: number;
}) => {
  const classes = useStyles();
  const shown = props.squads.slice(0, props.max ?? 15);
  const top = Math.max(1, ...shown.map(s => s.count));
  return (
    <Box aria-label="Dead letters per squad" role="group">
      {shown.map(squad => (
        <button
          type="button"
          key={squad.squad}
          className={classes.row}
          onClick={() => props.onSelect(squad.squad)}
          title={`${squad.title}: ${squad.count}`}
        >
          <Typography variant="body2" className={classes.label}>
            {squad.title}
          </Typography>
          <div className={classes.track}>
            <div
              className={`${classes.bar} ${
                props.selected === squad.squad ? classes.selected : ''
              }`}
              style={{ width: `${(squad.count / top) * 100}%` }}
            />
          </div>
          <Typography variant="body2" align="right">
            {squad.count}
          </Typography>
        </button>
      ))}
      {props.squads.length > shown.length && (
        <Typography variant="caption" color="textSecondary">
          {props.squads.length - shown.length} more squads in the table.
        </Typography>
      )}
    </Box>
  );
};

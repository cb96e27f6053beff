import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 30,
  },
  mark: {
    fill: '#ffffff',
  },
  text: {
    fill: '#ffffff',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontWeight: 700,
    fontSize: 40,
    letterSpacing: 4,
  },
});

/** The Lunar wordmark: a crescent and "LUNAR". */
export const LogoFull = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 240 60"
      role="img"
      aria-label="Lunar"
    >
      <title>Lunar</title>
      <path
        className={classes.mark}
        d="M30 4a26 26 0 1 0 22 40A22 22 0 1 1 30 4z"
      />
      <text className={classes.text} x="66" y="46">
        LUNAR
      </text>
    </svg>
  );
};

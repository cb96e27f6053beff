import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
  mark: {
    fill: '#ffffff',
  },
});

/** The Lunar crescent, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 56 60"
      role="img"
      aria-label="Lunar"
    >
      <title>Lunar</title>
      <path
        className={classes.mark}
        d="M30 4a26 26 0 1 0 22 40A22 22 0 1 1 30 4z"
      />
    </svg>
  );
};

import { makeStyles } from '@material-ui/core/styles';

/**
 * The theme's error red on white is below WCAG AA for the small label and
 * helper texts of a form; this darker red passes (about 6.5:1).
 */
export const useFormStyles = makeStyles({
  form: {
    '& .MuiFormLabel-root.Mui-error, & .MuiFormHelperText-root.Mui-error': {
      color: '#b3261e',
    },
    '& .Mui-error .MuiOutlinedInput-notchedOutline': {
      borderColor: '#b3261e',
    },
  },
});

/**
 * Tables of requests and history: words never break in the middle (the
 * card's text would otherwise split "read" into "rea d"); the reason, the
 * status detail and the actions get room; a narrow window scrolls.
 */
export const useTableStyles = makeStyles({
  container: { overflowX: 'auto' },
  table: {
    '& th, & td': { wordBreak: 'normal', overflowWrap: 'normal' },
    '& td.reason': { minWidth: 180 },
    '& td.time': { minWidth: 130 },
    '& td.actions': { minWidth: 200 },
  },
});

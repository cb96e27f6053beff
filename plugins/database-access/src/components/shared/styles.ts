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

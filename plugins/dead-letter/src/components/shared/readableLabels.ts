import { makeStyles } from '@material-ui/core/styles';

/**
 * Form labels that sit on the page background (outlined fields have none of
 * their own): the theme's secondary text there is 4.47:1, under WCAG AA's
 * 4.5:1, so they take the primary text colour (focus and error keep theirs).
 */
export const useReadableLabels = makeStyles(theme => ({
  root: {
    '& .MuiInputLabel-root:not(.Mui-focused):not(.Mui-error)': {
      color: theme.palette.text.primary,
    },
  },
}));

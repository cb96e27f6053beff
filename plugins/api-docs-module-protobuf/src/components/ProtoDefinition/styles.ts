import { makeStyles } from '@material-ui/core/styles';

// Plain tables rather than MUI's Table: a large definition has thousands of
// rows, and these render several times faster.
export const useProtoStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
  },
  search: { minWidth: 280, flex: '1 1 280px' },
  sectionTitle: { margin: theme.spacing(3, 0, 1) },
  block: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(2),
    scrollMarginTop: theme.spacing(10),
    // Sections out of view are not laid out or painted until scrolled to:
    // a definition of thousands of lines opens at once.
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 400px',
  },
  nestedBlock: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    padding: theme.spacing(1, 0, 0, 2),
    marginTop: theme.spacing(2),
    scrollMarginTop: theme.spacing(10),
  },
  heading: {
    display: 'flex',
    alignItems: 'baseline',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: 0,
    fontSize: theme.typography.h6.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  kind: {
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    letterSpacing: 1,
  },
  meta: { color: theme.palette.text.secondary, fontSize: '0.85rem' },
  comment: {
    margin: theme.spacing(0.5, 0, 1),
    whiteSpace: 'pre-wrap',
    color: theme.palette.text.secondary,
  },
  table: {
    width: '100%',
    // Same columns in every message, so the tables read as one list.
    tableLayout: 'fixed',
    borderCollapse: 'collapse',
    fontSize: '0.875rem',
    '& th': {
      textAlign: 'left',
      fontWeight: theme.typography.fontWeightMedium as number,
      color: theme.palette.text.secondary,
      borderBottom: `1px solid ${theme.palette.divider}`,
      padding: theme.spacing(0.5, 1),
    },
    '& td': {
      borderBottom: `1px solid ${theme.palette.divider}`,
      padding: theme.spacing(0.75, 1),
      verticalAlign: 'top',
      overflowWrap: 'anywhere',
    },
  },
  mono: { fontFamily: 'monospace' },
  number: {
    fontFamily: 'monospace',
    width: '3em',
    color: theme.palette.text.secondary,
  },
  sensitiveRow: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(255, 152, 0, 0.12)'
        : 'rgba(255, 152, 0, 0.08)',
  },
  badge: {
    display: 'inline-block',
    marginLeft: theme.spacing(1),
    padding: '0 6px',
    borderRadius: 10,
    fontSize: '0.75rem',
    lineHeight: '18px',
    fontWeight: theme.typography.fontWeightMedium as number,
    color: theme.palette.getContrastText(theme.palette.warning.dark),
    backgroundColor: theme.palette.warning.dark,
    whiteSpace: 'nowrap',
  },
  tag: {
    display: 'inline-block',
    marginRight: theme.spacing(0.5),
    padding: '0 5px',
    borderRadius: 4,
    fontSize: '0.7rem',
    lineHeight: '16px',
    border: `1px solid ${theme.palette.divider}`,
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
  },
  raw: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    margin: 0,
    maxHeight: 600,
    overflow: 'auto',
    background: theme.palette.background.default,
    padding: theme.spacing(1, 0),
  },
  rawLine: {
    display: 'block',
    padding: theme.spacing(0, 1),
    whiteSpace: 'pre',
  },
  rawLineNumber: {
    display: 'inline-block',
    width: '4em',
    color: theme.palette.text.secondary,
    userSelect: 'none',
  },
  fieldListHeading: {
    margin: theme.spacing(1, 0, 0),
    fontWeight: theme.typography.fontWeightMedium as number,
    '&:first-child': { marginTop: 0 },
  },
  fieldList: {
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: theme.spacing(0, 0, 0, 2),
  },
  errorLine: { backgroundColor: 'rgba(244, 67, 54, 0.18)' },
}));

import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import WarningIcon from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { SecurityFigure, ServiceSecurity, SquadSecurity } from '../../api';
import { exactTime } from '../shared/format';
import { entityTabPath } from '../shared/squad';
import { Muted } from './ServiceCells';
import { useSquadSecurity } from './useSquadSecurity';

const useStyles = makeStyles(theme => ({
  totals: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(3),
    marginBottom: theme.spacing(2),
  },
  figure: { display: 'flex', flexDirection: 'column' },
  number: { fontSize: '2rem', fontWeight: 'bold', lineHeight: 1.2 },
  change: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  // The icons carry the colour (3:1 is enough for them); the text stays in
  // the text colour, as success green on white is below 4.5:1.
  better: { color: theme.palette.success.dark },
  worse: { color: theme.palette.error.dark },
  changeText: { fontWeight: 'bold' },
  nowrap: { whiteSpace: 'nowrap' },
  code: {
    display: 'block',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    fontFamily: 'monospace',
    marginTop: theme.spacing(1),
  },
}));

function cves(n: number, level: 'high' | 'critical'): string {
  return `${n} ${level} ${n === 1 ? 'CVE' : 'CVEs'}`;
}

/**
 * The mock-up's wording of the change since yesterday: "Great job! You have
 * 10 high CVEs fewer than yesterday", "3 high CVEs more than yesterday",
 * "Same as yesterday"; critical ones are added when they changed.
 */
export function changeSentence(change: SecurityFigure): {
  text: string;
  tone: 'better' | 'worse' | 'same';
} {
  const parts: string[] = [];
  const describe = (n: number, level: 'high' | 'critical') =>
    n < 0
      ? `${cves(-n, level)} fewer than yesterday`
      : `${cves(n, level)} more than yesterday`;
  if (change.high !== 0) parts.push(describe(change.high, 'high'));
  if (change.critical !== 0) parts.push(describe(change.critical, 'critical'));
  if (parts.length === 0) {
    return { text: 'Same as yesterday', tone: 'same' };
  }
  const worse = change.high > 0 || change.critical > 0;
  if (worse) {
    return { text: capitalise(parts.join('; ')), tone: 'worse' };
  }
  return { text: `Great job! You have ${parts.join(' and ')}`, tone: 'better' };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "−10 high, −1 critical" for one service; "same" when unchanged. */
function serviceChange(row: ServiceSecurity): string {
  if (!row.now) return 'no figures';
  if (!row.yesterday) return 'no figure yesterday';
  const parts: string[] = [];
  const signed = (n: number) => (n > 0 ? `+${n}` : `−${-n}`);
  const high = row.now.high - row.yesterday.high;
  const critical = row.now.critical - row.yesterday.critical;
  if (high !== 0) parts.push(`${signed(high)} high`);
  if (critical !== 0) parts.push(`${signed(critical)} critical`);
  return parts.length ? parts.join(', ') : 'same';
}

const toneIcons = {
  better: CheckCircleIcon,
  worse: WarningIcon,
  same: RemoveCircleOutlineIcon,
};

const Change = (props: { security: SquadSecurity }) => {
  const classes = useStyles();
  const { change } = props.security.totals;
  if (!change) {
    return (
      <Muted>
        No figure from yesterday yet: the change shows from tomorrow.
      </Muted>
    );
  }
  const { text, tone } = changeSentence(change);
  const Icon = toneIcons[tone];
  return (
    <Typography variant="body1" className={classes.change}>
      <Icon
        fontSize="small"
        aria-hidden
        className={tone === 'same' ? undefined : classes[tone]}
      />
      <span className={classes.changeText}>{text}</span>
    </Typography>
  );
};

const Totals = (props: { security: SquadSecurity }) => {
  const classes = useStyles();
  const { now } = props.security.totals;
  return (
    <Box className={classes.totals}>
      <div className={classes.figure}>
        <span className={classes.number}>{now.critical}</span>
        <Typography variant="body2">Critical CVEs</Typography>
      </div>
      <div className={classes.figure}>
        <span className={classes.number}>{now.high}</span>
        <Typography variant="body2">High CVEs</Typography>
      </div>
      <Change security={props.security} />
    </Box>
  );
};

const HowToSend = (props: { text?: string; environment: string }) => {
  const classes = useStyles();
  return (
    <Alert severity="info">
      <AlertTitle>No vulnerability figures yet</AlertTitle>
      <Typography variant="body2">
        {props.text ??
          `No vulnerability figures have arrived for these services in ${props.environment}.`}
      </Typography>
      <code className={classes.code}>
        {`POST /api/release-status/releases
{ "service": "…", "environment": "${props.environment}", "artifactId": "…",
  "vulnerabilities": { "critical": 0, "high": 2, "medium": 5, "low": 9 } }`}
      </code>
    </Alert>
  );
};

const ServiceTable = (props: { security: SquadSecurity }) => {
  const classes = useStyles();
  const { security } = props;
  return (
    <Table
      size="small"
      aria-label={`High and critical CVEs per service in ${security.environment}`}
    >
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell align="right">Critical</TableCell>
          <TableCell align="right">High</TableCell>
          <TableCell>Since yesterday</TableCell>
          <TableCell>Version in {security.environment}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {security.services.map(row => (
          <TableRow key={row.service}>
            <TableCell>
              {row.entityRef ? (
                <Link to={entityTabPath(row.entityRef, 'releases')}>
                  {row.service}
                </Link>
              ) : (
                row.service
              )}
            </TableCell>
            <TableCell align="right">
              {row.now ? row.now.critical : <Muted>not sent</Muted>}
            </TableCell>
            <TableCell align="right">
              {row.now ? row.now.high : <Muted>not sent</Muted>}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {row.now && row.yesterday ? (
                serviceChange(row)
              ) : (
                <Muted>{serviceChange(row)}</Muted>
              )}
            </TableCell>
            <TableCell>
              {row.version ? (
                <span title={row.releasedAt && exactTime(row.releasedAt)}>
                  {row.version}
                </span>
              ) : (
                <Muted>not released</Muted>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/**
 * High and critical CVEs of what the squad's services run in prod now, and
 * the change since yesterday, from the release-status backend's daily figure.
 */
export const SecurityCard = (props: { squadRef: string }) => {
  const { value, loading, error } = useSquadSecurity(props.squadRef);
  const environment = value?.environment ?? 'prod';
  let content;
  if (!value && loading) {
    content = <Progress />;
  } else if (!value) {
    content = <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  } else if (value.services.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No services"
        description="This squad owns no service Components, so there are no CVEs to show."
      />
    );
  } else if (!value.reported) {
    content = (
      <HowToSend text={value.howToSend} environment={value.environment} />
    );
  } else {
    content = (
      <>
        <Totals security={value} />
        <ServiceTable security={value} />
      </>
    );
  }
  return (
    <section aria-label="Security">
      <InfoCard
        title="Security"
        subheader={`High and critical CVEs of what runs in ${environment} now`}
      >
        {content}
      </InfoCard>
    </section>
  );
};

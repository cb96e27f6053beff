import {
  Content,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ON_CALL_HOW_TO_CONFIGURE } from '../../api';
import { OnCallDetails } from '../shared/OnCallDetails';
import { useOnCall } from '../shared/useOnCall';
import { squadPath, squadTitle } from '../shared/useMySquads';

const SquadRow = (props: { squad: Entity }) => {
  const onCall = useOnCall(props.squad);
  return (
    <TableRow>
      <TableCell>
        <Link to={squadPath(props.squad)}>{squadTitle(props.squad)}</Link>
      </TableCell>
      <TableCell>
        <OnCallDetails onCall={onCall} dense />
      </TableCell>
    </TableRow>
  );
};

/** "On Call": every squad's current on-call. */
export const OnCallPage = () => {
  const catalogApi = useApi(catalogApiRef);
  const squads = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'group', 'spec.type': 'squad' },
    });
    return items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }, [catalogApi]);

  if (squads.loading) return <Progress />;
  if (squads.error) {
    return (
      <Content>
        <ResponseErrorPanel error={squads.error} />
      </Content>
    );
  }
  if (!squads.value?.length) {
    return (
      <Content>
        <EmptyState
          missing="data"
          title="No squads"
          description="The catalog has no Group with spec.type squad."
        />
      </Content>
    );
  }
  return (
    <Content>
      <section aria-label="On call">
        <Typography variant="body2" paragraph>
          Who is on call for each squad now, from PagerDuty.{' '}
          {ON_CALL_HOW_TO_CONFIGURE}
        </Typography>
        <Paper>
          <Table size="small" aria-label="On call per squad">
            <TableHead>
              <TableRow>
                <TableCell>Squad</TableCell>
                <TableCell>On call now</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {squads.value.map(squad => (
                <SquadRow key={squad.metadata.name} squad={squad} />
              ))}
            </TableBody>
          </Table>
        </Paper>
      </section>
    </Content>
  );
};

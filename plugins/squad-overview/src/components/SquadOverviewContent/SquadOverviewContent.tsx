import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { useMemo } from 'react';
import { squadOf } from '../shared/squad';
import { DeploymentsCard } from './DeploymentsCard';
import { OnCallCard } from './OnCallCard';
import { PullRequestsCard } from './PullRequestsCard';
import { PulseCard } from './PulseCard';
import { SecurityCard } from './SecurityCard';
import { ServicesCard } from './ServicesCard';

/** The squad's daily page: the first tab of every Group of type squad. */
export const SquadOverviewContent = () => {
  const { entity } = useEntity();
  const squadRef = stringifyEntityRef(entity);
  const squad = useMemo(() => squadOf(entity), [entity]);
  return (
    <section aria-label="Squad overview">
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <DeploymentsCard squad={squad} squadRef={squadRef} />
        </Grid>
        <Grid item xs={12}>
          <ServicesCard squad={squad} />
        </Grid>
        <Grid item xs={12}>
          <SecurityCard squadRef={squadRef} />
        </Grid>
        <Grid item xs={12} lg={7}>
          <PullRequestsCard squad={squad} />
        </Grid>
        <Grid item xs={12} lg={5}>
          <Box mb={3}>
            <OnCallCard entity={entity} />
          </Box>
          <PulseCard squad={squad} squadRef={squadRef} />
        </Grid>
      </Grid>
    </section>
  );
};

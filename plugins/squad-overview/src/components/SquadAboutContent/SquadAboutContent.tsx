import { EntityCatalogGraphCard } from '@backstage/plugin-catalog-graph';
import {
  GroupProfileCard,
  MembersListCard,
  OwnershipCard,
} from '@backstage/plugin-org';
import Grid from '@material-ui/core/Grid';

/**
 * "About" on squads: the group cards the catalog's stock overview shows on
 * other groups (profile, ownership, relations graph, members), since a
 * squad's first tab is its daily overview.
 */
export const SquadAboutContent = () => (
  <Grid container spacing={3} alignItems="stretch">
    <Grid item xs={12} md={6}>
      <GroupProfileCard />
    </Grid>
    <Grid item xs={12} md={6}>
      <OwnershipCard />
    </Grid>
    <Grid item xs={12}>
      <EntityCatalogGraphCard height={400} />
    </Grid>
    <Grid item xs={12}>
      <MembersListCard />
    </Grid>
  </Grid>
);

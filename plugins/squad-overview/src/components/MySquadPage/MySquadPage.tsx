import {
  Content,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { Navigate } from 'react-router-dom';
import { squadPath, squadTitle, useMySquads } from '../shared/useMySquads';

/**
 * "My squad": the signed-in user's squad overview. One squad opens it, more
 * than one asks which, none says so and how to become a member.
 */
export const MySquadPage = () => {
  const { value, loading, error } = useMySquads();
  if (loading) return <Progress />;
  if (error) {
    return (
      <Content>
        <ResponseErrorPanel error={error} />
      </Content>
    );
  }
  const squads = value ?? [];
  if (squads.length === 1) {
    return <Navigate to={squadPath(squads[0])} replace />;
  }
  if (!squads.length) {
    return (
      <Content>
        <EmptyState
          missing="data"
          title="You are not in a squad"
          description="Your user is not a member of any Group with spec.type squad in the catalog. Ask your squad to add you to its members (memberOf on your User entity in catalog/org/users.yaml), then sign in again."
        />
      </Content>
    );
  }
  return (
    <Content>
      <InfoCard title="You are in several squads: which one?">
        <List aria-label="Your squads">
          {squads.map(squad => (
            <ListItem key={squad.metadata.name}>
              <ListItemText
                primary={<Link to={squadPath(squad)}>{squadTitle(squad)}</Link>}
                secondary={squad.metadata.description}
              />
            </ListItem>
          ))}
        </List>
      </InfoCard>
    </Content>
  );
};

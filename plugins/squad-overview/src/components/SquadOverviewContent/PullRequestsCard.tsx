import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { PullRequest, SquadName, squadOverviewApiRef } from '../../api';
import { exactTime, relativeTime } from '../shared/format';
import { SourceNotice } from '../shared/SourceNotice';

const columns: TableColumn<PullRequest>[] = [
  {
    title: 'ID',
    field: 'number',
    width: '6em',
    render: pr => (
      <Link to={pr.url} aria-label={`Pull request ${pr.number} on GitHub`}>
        #{pr.number}
      </Link>
    ),
  },
  {
    title: 'Title',
    field: 'title',
    render: pr => <Link to={pr.url}>{pr.title}</Link>,
  },
  { title: 'Repository', field: 'repository' },
  { title: 'Author', field: 'author' },
  {
    title: 'Last updated',
    field: 'updatedAt',
    defaultSort: 'desc',
    render: pr => (
      <time dateTime={pr.updatedAt} title={exactTime(pr.updatedAt)}>
        {relativeTime(pr.updatedAt)}
      </time>
    ),
  },
];

/** Open pull requests across the squad's repositories, newest first. */
export const PullRequestsCard = (props: { squad: SquadName }) => {
  const { squad } = props;
  const api = useApi(squadOverviewApiRef);
  // The Services table's "open PRs" numbers link here with ?prs=<service>.
  const [params] = useSearchParams();
  const initialSearch = params.get('prs') ?? '';
  const { value, loading, error } = useAsync(
    () => api.getPullRequests(squad),
    [api, squad.namespace, squad.name],
  );

  if (loading) {
    return (
      <InfoCard title="Open PRs">
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <InfoCard title="Open PRs">
        <ResponseErrorPanel error={error ?? new Error('No answer')} />
      </InfoCard>
    );
  }
  if (!value.source.configured) {
    return (
      <InfoCard title="Open PRs">
        <SourceNotice name="GitHub" source={value.source} />
      </InfoCard>
    );
  }
  if (!value.items.length) {
    return (
      <InfoCard title="Open PRs">
        <SourceNotice name="GitHub" source={value.source} />
        <EmptyState
          missing="data"
          title="No open pull requests"
          description="None of the squad's repositories has an open pull request."
        />
      </InfoCard>
    );
  }
  const items = [...value.items].sort((a, b) =>
    b.updatedAt.localeCompare(a.updatedAt),
  );
  return (
    <Box id="open-prs">
      <SourceNotice name="GitHub" source={value.source} />
      <Table<PullRequest>
        title={`Open PRs (${items.length})`}
        columns={columns}
        data={items}
        options={{
          paging: items.length > 20,
          pageSize: 20,
          pageSizeOptions: [20, 50, 100],
          search: true,
          searchText: initialSearch,
          padding: 'dense',
          // Column dragging puts a focusable handle inside each sort button.
          draggable: false,
        }}
      />
    </Box>
  );
};

import { graphql, GraphqlResponseError } from '@octokit/graphql';

/** A file as GitHub's GraphQL `Blob` gives it; `{}` when the path is a directory. */
export type GithubBlob = {
  text?: string | null;
  byteSize?: number;
  isTruncated?: boolean;
  isBinary?: boolean | null;
};

/** One repository of the organisation, with the files that decide what it becomes. */
export type GithubRepository = {
  name: string;
  nameWithOwner: string;
  url: string;
  isArchived: boolean;
  defaultBranchRef: { name: string } | null;
  shuttle: GithubBlob | null;
  catalogInfo: GithubBlob | null;
  catalogInfoYml: GithubBlob | null;
};

/** One page of repositories: one GraphQL request. */
export type GithubRepositoryPage = {
  repositories: GithubRepository[];
  /** Repositories GitHub named but could not fully answer for: name → why. */
  failed: Map<string, string>;
  /** Why GitHub could not answer for repositories it did not even name. */
  unnamed: string[];
};

type QueryData = {
  organization: {
    repositories: {
      nodes: Array<GithubRepository | null>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
};

// Everything the provider needs from 100 repositories in one request: the
// shuttle.yaml text and size, and whether there is a catalog-info file.
const QUERY = `
query ($org: String!, $cursor: String, $shuttle: String!, $catalogInfo: String!, $catalogInfoYml: String!) {
  organization(login: $org) {
    repositories(first: 100, after: $cursor) {
      nodes {
        name
        nameWithOwner
        url
        isArchived
        defaultBranchRef { name }
        shuttle: object(expression: $shuttle) {
          ... on Blob { text byteSize isTruncated isBinary }
        }
        catalogInfo: object(expression: $catalogInfo) {
          ... on Blob { byteSize }
        }
        catalogInfoYml: object(expression: $catalogInfoYml) {
          ... on Blob { byteSize }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const NODES_PATH = ['organization', 'repositories', 'nodes'];

/**
 * Reads a GraphQL answer that may carry errors next to its data. Errors about
 * one repository (a path below `nodes.<i>`) stay with that repository; any
 * other error, or an answer without the repositories, is thrown.
 */
function pageOf(
  data: QueryData | undefined,
  errors: Array<{ message: string; path?: Array<string | number> }>,
): { page: GithubRepositoryPage; data: QueryData } {
  const connection = data?.organization?.repositories;
  const general = errors.filter(
    e =>
      !NODES_PATH.every((key, i) => e.path?.[i] === key) ||
      typeof e.path?.[3] !== 'number',
  );
  if (!connection || general.length > 0) {
    const messages = (general.length ? general : errors).map(e => e.message);
    throw new Error(`GitHub GraphQL answered: ${messages.join('; ')}`);
  }
  const page: GithubRepositoryPage = {
    repositories: [],
    failed: new Map(),
    unnamed: [],
  };
  for (const error of errors) {
    const name = connection.nodes[error.path![3] as number]?.name;
    if (name) {
      page.failed.set(name, error.message);
    } else {
      page.unnamed.push(error.message);
    }
  }
  page.repositories = connection.nodes.filter(
    (n): n is GithubRepository => Boolean(n?.name) && !page.failed.has(n!.name),
  );
  return { page, data: data! };
}

/**
 * The repositories of a GitHub organisation, a page of 100 per GraphQL
 * request. `ref` is the branch to read files from; the default branch when
 * absent.
 */
export async function* readOrgRepositories(options: {
  client: typeof graphql;
  organization: string;
  ref?: string;
}): AsyncGenerator<GithubRepositoryPage> {
  const ref = options.ref ?? 'HEAD';
  let cursor: string | null = null;
  for (;;) {
    let result: ReturnType<typeof pageOf>;
    try {
      const data = await options.client<QueryData>(QUERY, {
        org: options.organization,
        cursor,
        shuttle: `${ref}:shuttle.yaml`,
        catalogInfo: `${ref}:catalog-info.yaml`,
        catalogInfoYml: `${ref}:catalog-info.yml`,
        request: { signal: AbortSignal.timeout(60_000) },
      });
      result = pageOf(data, []);
    } catch (e) {
      if (!(e instanceof GraphqlResponseError)) {
        const status = (e as { status?: number }).status;
        throw new Error(
          `GitHub GraphQL request failed${status ? ` (${status})` : ''}: ${
            (e as Error).message
          }`,
        );
      }
      result = pageOf(e.data as QueryData, e.errors ?? []);
    }
    yield result.page;
    const { pageInfo } = result.data.organization!.repositories;
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) {
      return;
    }
    cursor = pageInfo.endCursor;
  }
}

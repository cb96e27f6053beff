import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import List from '@material-ui/core/List';
import { screen } from '@testing-library/react';
import {
  deadLetterSearchResultListItem,
  deadLetterSearchResultType,
} from '../../plugin';
import { DeadLetterSearchDocument } from './DeadLetterSearchResultListItem';

const document: DeadLetterSearchDocument = {
  title: 'msg-0042',
  text: 'corr-0042 ctx handler: insufficient_funds',
  location:
    '/catalog/default/component/term-deposit/dead-letter?environment=dev&id=42',
  messageId: 'msg-0042',
  correlationId: 'corr-0042',
  service: 'term-deposit',
  environment: 'dev',
  error: 'ctx handler: insufficient_funds',
};

function searchItem() {
  return createExtensionTester(deadLetterSearchResultListItem).get(
    SearchResultListItemBlueprint.dataRefs.item,
  );
}

describe('dead letters in the portal search', () => {
  it('takes the results of type dead-letter only', () => {
    const { predicate } = searchItem();
    expect(predicate!({ type: 'dead-letter', document })).toBe(true);
    expect(predicate!({ type: 'software-catalog', document })).toBe(false);
  });

  it('shows a result with a link that opens the message in its tab', async () => {
    const { component: Item } = searchItem();
    await renderInTestApp(
      <List>
        <Item result={document} rank={1} />
      </List>,
    );

    const link = await screen.findByRole('link', { name: 'msg-0042' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/term-deposit/dead-letter?environment=dev&id=42',
    );
    expect(link.querySelector('button')).toBeNull();
    expect(
      screen.getByText('Dead letter of: term-deposit in dev'),
    ).toBeVisible();
    expect(screen.getByText('Correlation ID: corr-0042')).toBeVisible();
    expect(
      screen.getByText('Error: ctx handler: insufficient_funds'),
    ).toBeVisible();
  });

  it('leaves out what a message does not have', async () => {
    const { component: Item } = searchItem();
    await renderInTestApp(
      <List>
        <Item
          result={{
            ...document,
            title: 'Dead letter 7 (no message id)',
            messageId: null,
            correlationId: null,
            error: null,
          }}
        />
      </List>,
    );
    expect(
      await screen.findByRole('link', {
        name: 'Dead letter 7 (no message id)',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Correlation ID/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^Error/)).not.toBeInTheDocument();
  });

  it('adds "Dead letters" to the search page result types', () => {
    expect(
      createExtensionTester(deadLetterSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'dead-letter', name: 'Dead letters' });
  });
});

import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { HistoryPage } from './HistoryPage';
import { RequestsPage } from './RequestsPage';

const TABS = [
  { id: 'requests', label: 'Requests' },
  { id: 'history', label: 'History' },
] as const;

/**
 * The Database access page: "Requests" (waiting for me, mine, request
 * access) and "History". The open tab is in the URL (?tab=history). Own
 * tabs rather than sub-pages: these pair each tab with its panel for
 * assistive technology.
 */
export const DatabaseAccessPage = () => {
  const [params, setParams] = useAppSearchParams();
  const tab = params.get('tab') === 'history' ? 'history' : 'requests';
  return (
    <section aria-label="Database access">
      <Box px={3} pt={1}>
        <Tabs
          value={tab}
          onChange={(_e, value) => setParams({ tab: value })}
          indicatorColor="primary"
          textColor="primary"
          aria-label="Database access views"
        >
          {TABS.map(t => (
            <Tab
              key={t.id}
              value={t.id}
              label={t.label}
              id={`database-access-tab-${t.id}`}
              aria-controls={`database-access-tabpanel-${t.id}`}
            />
          ))}
        </Tabs>
      </Box>
      <div
        role="tabpanel"
        id={`database-access-tabpanel-${tab}`}
        aria-labelledby={`database-access-tab-${tab}`}
      >
        {tab === 'history' ? <HistoryPage /> : <RequestsPage />}
      </div>
    </section>
  );
};

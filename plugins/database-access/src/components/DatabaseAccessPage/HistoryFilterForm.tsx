import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useEffect, useState } from 'react';
import { Environment } from '../../api';
import { useDatabases } from '../RequestAccess/useDatabases';
import { toEntityRef } from '../shared/format';
import { HistoryFilters } from './useHistoryFilters';

/** ISO -> the value of a datetime-local input, in the browser's time zone. */
function toLocalInput(iso: string): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string {
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
}

/** Database, user, environment and time range of the History tab. */
export const HistoryFilterForm = (props: {
  filters: HistoryFilters;
  environments: Environment[];
  onApply: (filters: HistoryFilters) => void;
}) => {
  const { filters, environments, onApply } = props;
  const databases = useDatabases();
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters]);
  const set = (key: keyof HistoryFilters, value: string) =>
    setDraft(d => ({ ...d, [key]: value }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...draft, user: toEntityRef(draft.user, 'user') });
  };

  const common = {
    variant: 'outlined' as const,
    size: 'small' as const,
    style: { marginRight: 16, marginBottom: 16, minWidth: 180 },
  };
  return (
    <Box
      component="form"
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      onSubmit={onSubmit}
      aria-label="History filters"
    >
      <TextField
        {...common}
        select
        id="database-access-history-database"
        label="Database"
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        value={draft.database}
        onChange={e => set('database', e.target.value)}
      >
        <option value="">Any database</option>
        {(databases.value ?? []).map(db => (
          <option key={db.ref} value={db.ref}>
            {db.title}
          </option>
        ))}
      </TextField>
      <TextField
        {...common}
        id="database-access-history-user"
        label="User"
        placeholder="e.g. demo-developer"
        InputLabelProps={{ shrink: true }}
        value={draft.user}
        onChange={e => set('user', e.target.value)}
      />
      <TextField
        {...common}
        select
        id="database-access-history-environment"
        label="Environment"
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        value={draft.environment}
        onChange={e => set('environment', e.target.value)}
      >
        <option value="">Any environment</option>
        {environments.map(env => (
          <option key={env.name} value={env.name}>
            {env.name}
          </option>
        ))}
      </TextField>
      <TextField
        {...common}
        id="database-access-history-from"
        label="From"
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
        value={toLocalInput(draft.from)}
        onChange={e => set('from', fromLocalInput(e.target.value))}
      />
      <TextField
        {...common}
        id="database-access-history-to"
        label="To"
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
        value={toLocalInput(draft.to)}
        onChange={e => set('to', fromLocalInput(e.target.value))}
      />
      <Button type="submit" color="primary" variant="outlined">
        Apply filters
      </Button>
    </Box>
  );
};

import TextField from '@material-ui/core/TextField';
import { Environment } from '../../api';
import { useReadableLabels } from './readableLabels';

/** The environment picker shared by the tab, the page and the group tab. */
export const EnvironmentSelect = (props: {
  environments: Environment[];
  value: string;
  onChange: (environment: string) => void;
}) => {
  const { environments, value, onChange } = props;
  const labels = useReadableLabels();
  return (
    <TextField
      className={labels.root}
      select
      id="dead-letter-environment"
      label="Environment"
      variant="outlined"
      size="small"
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      style={{ minWidth: 160 }}
    >
      {environments.map(env => (
        <option key={env.name} value={env.name}>
          {env.name}
        </option>
      ))}
    </TextField>
  );
};

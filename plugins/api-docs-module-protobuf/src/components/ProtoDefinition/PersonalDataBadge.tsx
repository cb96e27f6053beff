import { useProtoStyles } from './styles';

/** Marks a field that carries the personal-data option. */
export const PersonalDataBadge = ({ option }: { option: string }) => {
  const classes = useProtoStyles();
  return (
    <span className={classes.badge} title={`Marked (${option}) = true`}>
      Personal data
    </span>
  );
};

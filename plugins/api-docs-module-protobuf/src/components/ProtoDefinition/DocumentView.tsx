import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ProtoDocument } from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { ServiceSection } from './ServiceSection';
import { useProtoStyles } from './styles';
import { Summary } from './Summary';
import { TypeSection } from './TypeSection';
import { useProtoView } from './useProtoView';

/** A parsed definition: summary, search, services, messages and enums. */
export const DocumentView = ({ document }: { document: ProtoDocument }) => {
  const classes = useProtoStyles();
  const view = useProtoView(document);
  const showFile = document.files.length > 1;
  const option = document.personalDataOption;
  const nothing = view.services.length === 0 && view.types.length === 0;
  return (
    <div>
      <Summary document={document} />
      <div className={classes.toolbar}>
        <TextField
          id="proto-definition-search"
          className={classes.search}
          label="Search services, messages, fields"
          variant="outlined"
          size="small"
          type="search"
          value={view.query}
          onChange={e => view.setQuery(e.target.value)}
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={view.personalOnly}
              onChange={(_e, checked) => view.setPersonalOnly(checked)}
            />
          }
          label="Personal data only"
        />
      </div>
      {view.services.length > 0 && (
        <>
          <Typography
            variant="h5"
            component="h3"
            className={classes.sectionTitle}
          >
            Services
          </Typography>
          {view.services.map(visible => (
            <ServiceSection
              key={visible.service.fullName}
              visible={visible}
              view={view}
              showFile={showFile}
            />
          ))}
        </>
      )}
      {view.types.length > 0 && (
        <>
          <Typography
            variant="h5"
            component="h3"
            className={classes.sectionTitle}
          >
            Messages and enums
          </Typography>
          {view.types.map(visible => (
            <TypeSection
              key={visible.type.fullName}
              visible={visible}
              view={view}
              option={option}
              showFile={showFile}
            />
          ))}
        </>
      )}
      {nothing && (
        <Typography className={classes.meta}>
          {view.query || view.personalOnly
            ? 'Nothing matches.'
            : 'This definition declares no services, messages or enums.'}
        </Typography>
      )}
    </div>
  );
};

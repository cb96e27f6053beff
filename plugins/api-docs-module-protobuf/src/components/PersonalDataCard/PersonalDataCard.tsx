import { Fragment } from 'react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  PersonalDataField,
  readPersonalDataAnnotations,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { useProtoDocument } from '../../hooks/useProtoDocument';
import { useProtobufOptions } from '../../hooks/useProtobufOptions';
import { useProtoStyles } from '../ProtoDefinition/styles';

/** The fields grouped by message: it sits in the narrow column beside About. */
const FieldList = ({ fields }: { fields: PersonalDataField[] }) => {
  const classes = useProtoStyles();
  const byMessage = new Map<string, PersonalDataField[]>();
  for (const f of fields) {
    byMessage.set(f.message, [...(byMessage.get(f.message) ?? []), f]);
  }
  return (
    <>
      {[...byMessage].map(([message, list]) => (
        <Fragment key={message}>
          <h4 className={`${classes.mono} ${classes.fieldListHeading}`}>
            {message}
          </h4>
          <ul
            className={classes.fieldList}
            aria-label={`Personal data in ${message}`}
          >
            {list.map(f => (
              <li key={f.field}>
                <span className={classes.mono}>{f.field}</span>{' '}
                <span className={classes.meta}>{f.type}</span>
                {f.comment && <div className={classes.meta}>{f.comment}</div>}
              </li>
            ))}
          </ul>
        </Fragment>
      ))}
    </>
  );
};

/**
 * The fields of a gRPC API that carry personal data, on the API's page. It
 * reads the definition in the browser (like the Definition tab); over the
 * size cap it shows what the catalog module counted.
 */
export const PersonalDataCard = () => {
  const { entity } = useEntity();
  const options = useProtobufOptions();
  const definition =
    typeof entity.spec?.definition === 'string' ? entity.spec.definition : '';
  const state = useProtoDocument(
    definition,
    options.personalDataOption,
    options.maxBrowserBytes,
  );
  const option = `(${options.personalDataOption})`;

  let subheader: string | undefined;
  let content: JSX.Element;
  if ('tooLarge' in state) {
    const counted = readPersonalDataAnnotations(entity);
    content =
      counted && counted.fields > 0 ? (
        <Typography>
          The catalog counted {counted.fields} field
          {counted.fields === 1 ? '' : 's'} in {counted.messages.join(', ')}{' '}
          (the definition is too large to list them here).
        </Typography>
      ) : (
        <Typography>
          The definition is too large to read here
          {counted ? ', and the catalog counted no personal data' : ''}.
        </Typography>
      );
  } else if (!state.ok) {
    const { error } = state;
    content = (
      <Alert severity="error">
        The definition could not be parsed
        {error.line !== undefined
          ? ` (${error.file}, line ${error.line}, column ${error.column})`
          : ''}
        : {error.message}. The Definition tab shows where.
      </Alert>
    );
  } else if (state.document.personalData.length === 0) {
    content = (
      <Typography>No personal data: no field is marked {option}.</Typography>
    );
  } else {
    const fields = state.document.personalData;
    const messages = new Set(fields.map(f => f.messageFullName)).size;
    subheader = `${fields.length} field${
      fields.length === 1 ? '' : 's'
    } in ${messages} message${messages === 1 ? '' : 's'}, marked ${option}`;
    content = <FieldList fields={fields} />;
  }
  return (
    <InfoCard title="Personal data" subheader={subheader}>
      {content}
    </InfoCard>
  );
};

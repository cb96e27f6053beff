import Alert from '@material-ui/lab/Alert';
import {
  ProtoDocument,
  summarisePersonalData,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { useProtoStyles } from './styles';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function countTypes(types: ProtoDocument['types']) {
  let messages = 0;
  let enums = 0;
  const walk = (list: ProtoDocument['types']) => {
    for (const type of list) {
      if (type.kind === 'message') {
        messages++;
        walk(type.nested);
      } else {
        enums++;
      }
    }
  };
  walk(types);
  return { messages, enums };
}

/** What the definition is, whether it carries personal data, what did not resolve. */
export const Summary = ({ document }: { document: ProtoDocument }) => {
  const classes = useProtoStyles();
  const { messages, enums } = countTypes(document.types);
  const methods = document.services.reduce((n, s) => n + s.methods.length, 0);
  const syntax = [...new Set(document.files.flatMap(f => f.syntax ?? []))];
  const personal = summarisePersonalData(document);
  const option = `(${document.personalDataOption})`;
  return (
    <>
      <p className={classes.meta}>
        {[
          document.packages.length > 0
            ? `package ${document.packages.join(', ')}`
            : 'no package',
          ...syntax,
          document.files.length > 1
            ? plural(document.files.length, 'file')
            : '',
          `${plural(document.services.length, 'service')} (${plural(
            methods,
            'method',
          )})`,
          plural(messages, 'message'),
          plural(enums, 'enum'),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {personal.fields > 0 ? (
        <Alert severity="warning">
          {plural(personal.fields, 'field')} carry personal data (marked{' '}
          {option}) in {personal.messages.join(', ')}.
        </Alert>
      ) : (
        <Alert severity="info">
          No personal data: no field is marked {option}.
        </Alert>
      )}
      {document.unresolvedImports.length > 0 && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          Not resolved:{' '}
          {document.unresolvedImports.map((i, n) => (
            <span key={`${i.file}:${i.path}`}>
              {n > 0 && ', '}
              <code>import "{i.path}"</code>
              {document.files.length > 1 && ` (in ${i.file})`}
            </span>
          ))}
          . Types from it are shown by name only, and personal data in it is not
          counted.
        </Alert>
      )}
    </>
  );
};

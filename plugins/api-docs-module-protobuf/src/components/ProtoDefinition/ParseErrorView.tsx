import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ProtoParseError } from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { RawText } from './RawText';

/** A definition that does not parse: where and why, over the text itself. */
export const ParseErrorView = ({
  error,
  definition,
}: {
  error: ProtoParseError;
  definition: string;
}) => {
  const where =
    error.line !== undefined
      ? `${error.file}, line ${error.line}, column ${error.column}`
      : error.file;
  return (
    <>
      <Alert severity="error" style={{ marginBottom: 8 }}>
        <AlertTitle>The definition could not be parsed</AlertTitle>
        {where}: {error.message}
      </Alert>
      <RawText text={definition} markLine={error.definitionLine} />
    </>
  );
};

import Alert from '@material-ui/lab/Alert';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import { readPersonalDataAnnotations } from '@internal/backstage-plugin-api-docs-module-protobuf-common';

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;

/** Over the cap: not parsed here; what the catalog counted instead. */
export const TooLargeView = ({
  bytes,
  maxBytes,
}: {
  bytes: number;
  maxBytes: number;
}) => {
  const { entity } = useAsyncEntity();
  const counted = entity ? readPersonalDataAnnotations(entity) : undefined;
  return (
    <>
      <Alert severity="info" style={{ marginBottom: 8 }}>
        This definition is {size(bytes)}, over the {size(maxBytes)} the browser
        parses (<code>protobuf.maxBrowserBytes</code>). The Raw tab has the
        text.
      </Alert>
      {counted && counted.fields > 0 && (
        <Alert severity="warning">
          The catalog counted {counted.fields} personal data field
          {counted.fields === 1 ? '' : 's'} in {counted.messages.join(', ')}.
        </Alert>
      )}
      {counted && counted.fields === 0 && !counted.problem && (
        <Alert severity="info">The catalog counted no personal data.</Alert>
      )}
      {counted?.problem && <Alert severity="warning">{counted.problem}</Alert>}
    </>
  );
};

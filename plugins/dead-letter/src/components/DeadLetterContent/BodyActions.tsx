import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { DeadLetter } from '../../api';

/** The message's content type, when its properties name one. */
function contentType(message: DeadLetter): string | undefined {
  const value = (message.properties as Record<string, unknown> | undefined)
    ?.contentType;
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * "<message id or id>.json" for JSON content (by content type, else by a body
 * that parses as JSON), ".bin" otherwise; safe as a file name.
 */
export function bodyFileName(message: DeadLetter, isJson: boolean): string {
  const type = contentType(message);
  const json = type ? /[/+]json\b/i.test(type) : isJson;
  const base = (message.messageId || message.id).replace(
    /[^A-Za-z0-9._-]+/g,
    '_',
  );
  return `${base}.${json ? 'json' : 'bin'}`;
}

/** The stored bytes of the body (base64 in the API). */
function bodyBytes(message: DeadLetter): Uint8Array {
  const binary = atob(message.bodyBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** Saves the stored body bytes as a file, through a temporary object URL. */
export function downloadBody(message: DeadLetter, isJson: boolean) {
  const blob = new Blob([bodyBytes(message)], {
    type: contentType(message) ?? 'application/octet-stream',
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = bodyFileName(message, isJson);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Copy body (the text shown) and Download body (the stored bytes). */
export const BodyActions = (props: {
  message: DeadLetter;
  /** The body as shown: pretty-printed JSON, text, or base64. */
  text: string;
  isJson: boolean;
}) => {
  const { message, text, isJson } = props;
  const [status, setStatus] = useState<string | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied');
    } catch (e) {
      setStatus(`Could not copy: ${e}`);
    }
  };
  return (
    <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
      <Button
        size="small"
        variant="outlined"
        startIcon={<FileCopyIcon />}
        onClick={copy}
        disabled={text === ''}
      >
        Copy body
      </Button>
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        onClick={() => downloadBody(message, isJson)}
      >
        Download body
      </Button>
      <Typography variant="body2" role="status">
        {status}
      </Typography>
    </Box>
  );
};

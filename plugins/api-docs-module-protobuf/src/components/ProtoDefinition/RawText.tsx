import { useEffect, useRef } from 'react';
import { useProtoStyles } from './styles';

type Props = {
  text: string;
  /** 1-based line to mark (and scroll to). */
  markLine?: number;
};

/** The definition as written, with line numbers. */
export const RawText = ({ text, markLine }: Props) => {
  const classes = useProtoStyles();
  const marked = useRef<HTMLSpanElement>(null);
  const container = useRef<HTMLPreElement>(null);
  useEffect(() => {
    // Scroll the text, not the page, to the marked line.
    if (marked.current && container.current) {
      container.current.scrollTop = Math.max(marked.current.offsetTop - 100, 0);
    }
  }, [markLine]);
  return (
    <pre className={classes.raw} ref={container} aria-label="Raw definition">
      {text.split('\n').map((line, index) => (
        <span
          key={index}
          ref={index + 1 === markLine ? marked : undefined}
          className={`${classes.rawLine} ${
            index + 1 === markLine ? classes.errorLine : ''
          }`}
        >
          <span className={classes.rawLineNumber}>{index + 1}</span>
          {line}
        </span>
      ))}
    </pre>
  );
};

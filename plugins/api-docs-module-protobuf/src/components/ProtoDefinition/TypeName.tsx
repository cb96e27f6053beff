import Link from '@material-ui/core/Link';
import {
  ProtoField,
  ProtoTypeRef,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import { useProtoStyles } from './styles';
import { anchorId, ProtoView } from './useProtoView';

type Props = {
  type: ProtoTypeRef;
  view: Pick<ProtoView, 'linkable' | 'goTo'>;
};

/** A type name; a link to its section when the definition has one. */
export const TypeName = ({ type, view }: Props) => {
  const { ref } = type;
  if (ref && view.linkable.has(ref)) {
    return (
      <Link
        href={`#${anchorId(ref)}`}
        onClick={(event: React.MouseEvent) => {
          event.preventDefault();
          view.goTo(ref);
        }}
      >
        {type.name}
      </Link>
    );
  }
  let title: string | undefined;
  if (ref) {
    title = `${ref} (well-known type)`;
  } else if (!type.scalar) {
    title = 'Not found in this definition (an unresolved import?)';
  }
  return <span title={title}>{type.name}</span>;
};

/** A field's type: `Money`, `map<string, Money>`. */
export const FieldType = ({
  field,
  view,
}: {
  field: ProtoField;
  view: Props['view'];
}) => {
  const classes = useProtoStyles();
  if (field.label === 'map') {
    return (
      <span className={classes.mono}>
        map&lt;{field.keyType}, <TypeName type={field.type} view={view} />
        &gt;
      </span>
    );
  }
  return (
    <span className={classes.mono}>
      <TypeName type={field.type} view={view} />
    </span>
  );
};

/** A method's request or response, with `stream` when it streams. */
export const MethodType = ({
  type,
  stream,
  view,
}: Props & { stream: boolean }) => {
  const classes = useProtoStyles();
  return (
    <span className={classes.mono}>
      {stream && (
        <span className={classes.tag} title="Streaming">
          stream
        </span>
      )}
      <TypeName type={type} view={view} />
    </span>
  );
};

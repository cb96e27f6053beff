import { VisibleEnum, VisibleMessage, VisibleType } from './filter';
import { PersonalDataBadge } from './PersonalDataBadge';
import { useProtoStyles } from './styles';
import { FieldType } from './TypeName';
import { anchorId, ProtoView } from './useProtoView';

type Common = {
  view: Pick<ProtoView, 'linkable' | 'goTo'>;
  option: string;
  /** Several files: say which one a type is in. */
  showFile: boolean;
  nested?: boolean;
};

const Heading = ({
  kind,
  name,
  file,
}: {
  kind: string;
  name: string;
  file?: string;
}) => {
  const classes = useProtoStyles();
  return (
    <h4 className={classes.heading}>
      <span className={classes.kind}>{kind}</span>
      <span>{name}</span>
      {file && <span className={classes.meta}>{file}</span>}
    </h4>
  );
};

function labelOf(field: VisibleMessage['fields'][number]) {
  if (field.oneof) {
    return `oneof ${field.oneof}`;
  }
  return field.label === 'map' ? '' : field.label ?? '';
}

const MessageSection = ({
  visible,
  view,
  option,
  showFile,
  nested,
}: Common & { visible: VisibleMessage }) => {
  const classes = useProtoStyles();
  const { type, fields } = visible;
  return (
    <section
      id={anchorId(type.fullName)}
      className={nested ? classes.nestedBlock : classes.block}
      aria-label={`message ${type.displayName}`}
    >
      <Heading
        kind="message"
        name={type.displayName}
        file={showFile ? type.file : undefined}
      />
      {type.comment && <p className={classes.comment}>{type.comment}</p>}
      {fields.length > 0 && (
        <table className={classes.table}>
          <colgroup>
            <col style={{ width: '3.5em' }} />
            <col style={{ width: '30%' }} />
            <col style={{ width: '22%' }} />
            <col style={{ width: '11%' }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th>#</th>
              <th>Field</th>
              <th>Type</th>
              <th>Label</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {fields.map(field => (
              <tr
                key={field.number}
                className={field.sensitive ? classes.sensitiveRow : undefined}
              >
                <td className={classes.number}>{field.number}</td>
                <td className={classes.mono}>
                  {field.name}
                  {field.sensitive && <PersonalDataBadge option={option} />}
                  {field.deprecated && (
                    <span className={classes.tag}>deprecated</span>
                  )}
                </td>
                <td>
                  <FieldType field={field} view={view} />
                </td>
                <td className={classes.meta}>{labelOf(field)}</td>
                <td>{field.comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {type.fields.length === 0 && <p className={classes.meta}>No fields.</p>}
      {fields.length < type.fields.length && (
        <p className={classes.meta}>
          {fields.length} of {type.fields.length} fields shown
        </p>
      )}
      {visible.nested.map(child => (
        <TypeSection
          key={child.type.fullName}
          visible={child}
          view={view}
          option={option}
          showFile={false}
          nested
        />
      ))}
    </section>
  );
};

const EnumSection = ({
  visible,
  showFile,
  nested,
}: Common & { visible: VisibleEnum }) => {
  const classes = useProtoStyles();
  const { type, values } = visible;
  return (
    <section
      id={anchorId(type.fullName)}
      className={nested ? classes.nestedBlock : classes.block}
      aria-label={`enum ${type.displayName}`}
    >
      <Heading
        kind="enum"
        name={type.displayName}
        file={showFile ? type.file : undefined}
      />
      {type.comment && <p className={classes.comment}>{type.comment}</p>}
      <table className={classes.table}>
        <colgroup>
          <col style={{ width: '40%' }} />
          <col style={{ width: '11%' }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th>Value</th>
            <th>Number</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {values.map(value => (
            <tr key={value.name}>
              <td className={classes.mono}>{value.name}</td>
              <td className={classes.number}>{value.number}</td>
              <td>{value.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};

/** A message (with its nested types) or an enum. */
export function TypeSection(props: Common & { visible: VisibleType }) {
  return props.visible.kind === 'message' ? (
    <MessageSection {...props} visible={props.visible} />
  ) : (
    <EnumSection {...props} visible={props.visible} />
  );
}

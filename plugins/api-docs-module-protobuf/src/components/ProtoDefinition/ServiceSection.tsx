import { VisibleService } from './filter';
import { useProtoStyles } from './styles';
import { MethodType } from './TypeName';
import { ProtoView } from './useProtoView';

type Props = {
  visible: VisibleService;
  view: Pick<ProtoView, 'linkable' | 'goTo'>;
  showFile: boolean;
};

/** A service and its methods, request and response linked to their messages. */
export const ServiceSection = ({ visible, view, showFile }: Props) => {
  const classes = useProtoStyles();
  const { service, methods } = visible;
  return (
    <section
      className={classes.block}
      aria-label={`service ${service.displayName}`}
    >
      <h4 className={classes.heading}>
        <span className={classes.kind}>service</span>
        <span>{service.displayName}</span>
        {showFile && <span className={classes.meta}>{service.file}</span>}
      </h4>
      {service.comment && <p className={classes.comment}>{service.comment}</p>}
      <table className={classes.table}>
        <colgroup>
          <col style={{ width: '22%' }} />
          <col style={{ width: '24%' }} />
          <col style={{ width: '24%' }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th>Method</th>
            <th>Request</th>
            <th>Response</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {methods.map(method => (
            <tr key={method.name}>
              <td className={classes.mono}>
                {method.name}
                {method.deprecated && (
                  <span className={classes.tag}>deprecated</span>
                )}
              </td>
              <td>
                <MethodType
                  type={method.request}
                  stream={method.requestStream}
                  view={view}
                />
              </td>
              <td>
                <MethodType
                  type={method.response}
                  stream={method.responseStream}
                  view={view}
                />
              </td>
              <td>{method.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {methods.length < service.methods.length && (
        <p className={classes.meta}>
          {methods.length} of {service.methods.length} methods shown
        </p>
      )}
    </section>
  );
};

import { useProtoDocument } from '../../hooks/useProtoDocument';
import { ProtobufWidgetOptions } from '../../options';
import { DocumentView } from './DocumentView';
import { ParseErrorView } from './ParseErrorView';
import { TooLargeView } from './TooLargeView';

export type ProtoDefinitionWidgetProps = {
  definition: string;
  options: ProtobufWidgetOptions;
};

/** The definition of a gRPC API, rendered from its .proto text. */
export const ProtoDefinitionWidget = ({
  definition,
  options,
}: ProtoDefinitionWidgetProps) => {
  const state = useProtoDocument(
    definition,
    options.personalDataOption,
    options.maxBrowserBytes,
  );
  if ('tooLarge' in state) {
    return <TooLargeView {...state.tooLarge} />;
  }
  if (!state.ok) {
    return <ParseErrorView error={state.error} definition={definition} />;
  }
  return <DocumentView document={state.document} />;
};

export { ProtoDefinitionWidget } from './ProtoDefinitionWidget';
export type { ProtoDefinitionWidgetProps } from './ProtoDefinitionWidget';

import {
  ProtoDefinitionType,
  ProtoEnum,
  ProtoEnumValue,
  ProtoField,
  ProtoMessage,
  ProtoMethod,
  ProtoService,
} from '@internal/backstage-plugin-api-docs-module-protobuf-common';

/** What the reader narrowed the definition to. */
export type ViewFilter = { query: string; personalOnly: boolean };

export type VisibleMessage = {
  kind: 'message';
  type: ProtoMessage;
  fields: ProtoField[];
  nested: VisibleType[];
};
export type VisibleEnum = {
  kind: 'enum';
  type: ProtoEnum;
  values: ProtoEnumValue[];
};
export type VisibleType = VisibleMessage | VisibleEnum;
export type VisibleService = { service: ProtoService; methods: ProtoMethod[] };

function matcher(query: string) {
  const q = query.trim().toLocaleLowerCase();
  return {
    active: q !== '',
    test: (...texts: (string | undefined)[]) =>
      texts.some(t => t?.toLocaleLowerCase().includes(q)),
  };
}

function filterMessage(
  message: ProtoMessage,
  filter: ViewFilter,
): VisibleMessage | undefined {
  const m = matcher(filter.query);
  // A message found by its name shows whole (within "personal data only").
  const self =
    m.active && m.test(message.name, message.fullName, message.comment);
  const inner = self ? { ...filter, query: '' } : filter;
  let fields = filter.personalOnly
    ? message.fields.filter(f => f.sensitive)
    : message.fields;
  if (m.active && !self) {
    fields = fields.filter(f => m.test(f.name, f.type.name, f.comment));
  }
  const nested = filterTypes(message.nested, inner);
  const narrowed = m.active || filter.personalOnly;
  if (
    narrowed &&
    fields.length === 0 &&
    nested.length === 0 &&
    !(self && !filter.personalOnly)
  ) {
    return undefined;
  }
  return { kind: 'message', type: message, fields, nested };
}

function filterEnum(e: ProtoEnum, filter: ViewFilter): VisibleEnum | undefined {
  if (filter.personalOnly) {
    return undefined;
  }
  const m = matcher(filter.query);
  if (!m.active || m.test(e.name, e.fullName, e.comment)) {
    return { kind: 'enum', type: e, values: e.values };
  }
  const values = e.values.filter(v => m.test(v.name, v.comment));
  return values.length > 0 ? { kind: 'enum', type: e, values } : undefined;
}

/** The messages and enums (and what in them) that match the filter. */
export function filterTypes(
  types: ProtoDefinitionType[],
  filter: ViewFilter,
): VisibleType[] {
  const out: VisibleType[] = [];
  for (const type of types) {
    const visible =
      type.kind === 'message'
        ? filterMessage(type, filter)
        : filterEnum(type, filter);
    if (visible) {
      out.push(visible);
    }
  }
  return out;
}

/** The services and methods that match the filter; none for "personal data only". */
export function filterServices(
  services: ProtoService[],
  filter: ViewFilter,
): VisibleService[] {
  if (filter.personalOnly) {
    return [];
  }
  const m = matcher(filter.query);
  return services.flatMap(service => {
    if (!m.active || m.test(service.name, service.fullName, service.comment)) {
      return [{ service, methods: service.methods }];
    }
    const methods = service.methods.filter(method =>
      m.test(
        method.name,
        method.request.name,
        method.response.name,
        method.comment,
      ),
    );
    return methods.length > 0 ? [{ service, methods }] : [];
  });
}

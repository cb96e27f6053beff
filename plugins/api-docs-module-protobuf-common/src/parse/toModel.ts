import {
  Enum,
  Field,
  MapField,
  Namespace,
  ReflectionObject,
  Service,
  Type,
} from 'protobufjs';
import {
  ProtoDefinitionType,
  ProtoEnum,
  ProtoField,
  ProtoMessage,
  ProtoService,
  ProtoTypeRef,
} from '../model';
import { isPersonalData } from './personalData';

const SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

const fullNameOf = (obj: ReflectionObject) => obj.fullName.replace(/^\./, '');
const comment = (text: string | null | undefined) =>
  text?.trim() ? text.trim() : undefined;

/** Known messages and enums by full name: the definition's and the well-known ones. */
export type TypeIndex = Map<string, 'message' | 'enum'>;

/**
 * Resolves a type name the way protoc does: relative names are looked up
 * from the innermost scope outwards, a leading dot makes it absolute.
 */
export function resolveTypeName(
  name: string,
  scope: string,
  index: TypeIndex,
): ProtoTypeRef {
  if (SCALARS.has(name)) {
    return { name, scalar: true };
  }
  if (name.startsWith('.')) {
    const absolute = name.slice(1);
    return index.has(absolute) ? { name, ref: absolute } : { name };
  }
  const parts = scope ? scope.split('.') : [];
  for (let i = parts.length; i >= 0; i--) {
    const candidate = [...parts.slice(0, i), name].join('.');
    if (index.has(candidate)) {
      return { name, ref: candidate };
    }
  }
  return { name };
}

/** Every message and enum under a namespace, for the index. */
export function indexTypes(ns: Namespace, into: TypeIndex) {
  for (const child of ns.nestedArray) {
    if (child instanceof Type) {
      into.set(fullNameOf(child), 'message');
    } else if (child instanceof Enum) {
      into.set(fullNameOf(child), 'enum');
    }
    if (child instanceof Namespace) {
      indexTypes(child, into);
    }
  }
}

type Context = {
  index: TypeIndex;
  option: string;
  unresolved: Set<string>;
  packageOf: (obj: ReflectionObject) => string;
};

function displayName(obj: ReflectionObject, ctx: Context) {
  const pkg = ctx.packageOf(obj);
  const full = fullNameOf(obj);
  return pkg && full.startsWith(`${pkg}.`) ? full.slice(pkg.length + 1) : full;
}

function typeRef(name: string, scope: string, ctx: Context): ProtoTypeRef {
  const ref = resolveTypeName(name, scope, ctx.index);
  if (!ref.scalar && !ref.ref) {
    ctx.unresolved.add(name);
  }
  return ref;
}

function toField(field: Field, scope: string, ctx: Context): ProtoField {
  const options = field.options ?? {};
  const synthetic =
    options.proto3_optional === true ||
    (field.partOf?.name.startsWith('_') &&
      field.partOf.fieldsArray.length === 1);
  // The label as written; protobufjs keeps it untyped on the field.
  const rule = (field as Field & { rule?: string }).rule;
  let label: ProtoField['label'];
  if (field instanceof MapField) {
    label = 'map';
  } else if (rule === 'repeated' || rule === 'required') {
    label = rule;
  } else if (synthetic || rule === 'optional') {
    label = 'optional';
  }
  return {
    name: field.name,
    number: field.id,
    type: typeRef(field.type, scope, ctx),
    label,
    keyType: field instanceof MapField ? field.keyType : undefined,
    oneof: field.partOf && !synthetic ? field.partOf.name : undefined,
    comment: comment(field.comment),
    deprecated: options.deprecated === true || undefined,
    sensitive: isPersonalData(options, ctx.option),
  };
}

function toEnum(e: Enum, file: string, ctx: Context): ProtoEnum {
  return {
    kind: 'enum',
    name: e.name,
    fullName: fullNameOf(e),
    displayName: displayName(e, ctx),
    file,
    comment: comment(e.comment),
    values: Object.entries(e.values).map(([name, number]) => ({
      name,
      number,
      comment: comment(e.comments?.[name]),
    })),
  };
}

function toMessage(type: Type, file: string, ctx: Context): ProtoMessage {
  const scope = fullNameOf(type);
  return {
    kind: 'message',
    name: type.name,
    fullName: scope,
    displayName: displayName(type, ctx),
    file,
    comment: comment(type.comment),
    fields: type.fieldsArray.map(f => toField(f, scope, ctx)),
    nested: typesIn(type, file, ctx),
  };
}

/** A message or enum with everything nested in it. */
export function toDefinitionType(
  type: Type | Enum,
  file: string,
  ctx: Context,
): ProtoDefinitionType {
  return type instanceof Type
    ? toMessage(type, file, ctx)
    : toEnum(type, file, ctx);
}

/** The messages and enums declared directly in a message. */
function typesIn(ns: Namespace, file: string, ctx: Context) {
  return ns.nestedArray.flatMap(child =>
    child instanceof Type || child instanceof Enum
      ? [toDefinitionType(child, file, ctx)]
      : [],
  );
}

export function toService(
  service: Service,
  file: string,
  ctx: Context,
): ProtoService {
  const scope = fullNameOf(service);
  return {
    name: service.name,
    fullName: scope,
    displayName: displayName(service, ctx),
    file,
    comment: comment(service.comment),
    methods: service.methodsArray.map(method => ({
      name: method.name,
      comment: comment(method.comment),
      request: typeRef(method.requestType, scope, ctx),
      response: typeRef(method.responseType, scope, ctx),
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      deprecated: method.options?.deprecated === true || undefined,
    })),
  };
}

export type { Context as ModelContext };

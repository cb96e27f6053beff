/**
 * What a .proto definition holds, shaped for reading rather than for
 * encoding: declaration order, comments, and names resolved to the message
 * or enum they point at.
 */

/** A type as written, and the full name of the message or enum it resolved to. @public */
export type ProtoTypeRef = {
  /** As written in the file, e.g. `Money` or `google.protobuf.Timestamp`. */
  name: string;
  /** Full name without leading dot when it names a known message or enum. */
  ref?: string;
  /** A scalar such as `string` or `int64`. */
  scalar?: boolean;
};

/** @public */
export type ProtoField = {
  name: string;
  number: number;
  type: ProtoTypeRef;
  /** `map` fields have `keyType`; `optional` is proto3's explicit presence. */
  label?: 'repeated' | 'optional' | 'required' | 'map';
  keyType?: string;
  /** The oneof this field belongs to. */
  oneof?: string;
  comment?: string;
  deprecated?: boolean;
  /** Carries the personal-data option. */
  sensitive: boolean;
};

/** @public */
export type ProtoEnumValue = {
  name: string;
  number: number;
  comment?: string;
};

/** @public */
export type ProtoEnum = {
  kind: 'enum';
  name: string;
  /** Full name, e.g. `lunar.payment.v1.Network`. */
  fullName: string;
  /** Name within its package, e.g. `Payment.Status` for a nested enum. */
  displayName: string;
  file: string;
  comment?: string;
  values: ProtoEnumValue[];
};

/** @public */
export type ProtoMessage = {
  kind: 'message';
  name: string;
  fullName: string;
  displayName: string;
  file: string;
  comment?: string;
  fields: ProtoField[];
  /** Nested messages and enums, in declaration order. */
  nested: ProtoDefinitionType[];
};

/** @public */
export type ProtoDefinitionType = ProtoMessage | ProtoEnum;

/** @public */
export type ProtoMethod = {
  name: string;
  comment?: string;
  request: ProtoTypeRef;
  response: ProtoTypeRef;
  requestStream: boolean;
  responseStream: boolean;
  deprecated?: boolean;
};

/** @public */
export type ProtoService = {
  name: string;
  fullName: string;
  displayName: string;
  file: string;
  comment?: string;
  methods: ProtoMethod[];
};

/** One file of the definition. @public */
export type ProtoFileInfo = {
  name: string;
  package?: string;
  syntax?: string;
  imports: string[];
};

/** A field marked as personal data, named for people. @public */
export type PersonalDataField = {
  /** The message's display name, e.g. `Account` or `Payment.Creditor`. */
  message: string;
  messageFullName: string;
  field: string;
  number: number;
  type: string;
  comment?: string;
  file: string;
};

/** A parsed definition. @public */
export type ProtoDocument = {
  files: ProtoFileInfo[];
  /** Packages in the order they first appear. */
  packages: string[];
  services: ProtoService[];
  /** Top-level messages and enums, nested ones inside their message. */
  types: ProtoDefinitionType[];
  /** Imports no file of the definition provides and that are not well known. */
  unresolvedImports: { file: string; path: string }[];
  /** Type names that resolve to nothing known (often from those imports). */
  unresolvedTypes: string[];
  personalData: PersonalDataField[];
  /** The option name that marked them. */
  personalDataOption: string;
};

/** A syntax (or other) error, placed in the whole definition text. @public */
export type ProtoParseError = {
  message: string;
  /** The file of the definition it is in. */
  file: string;
  /** 1-based line and column in that file, when the parser says. */
  line?: number;
  column?: number;
  /** 1-based line in the whole definition text (differs for later files). */
  definitionLine?: number;
};

/** @public */
export type ProtoParseResult =
  | { ok: true; document: ProtoDocument }
  | { ok: false; error: ProtoParseError };

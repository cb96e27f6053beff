import {
  Enum,
  IParseOptions,
  Namespace,
  parse,
  ReflectionObject,
  Root,
  Service,
  Type,
} from 'protobufjs';
import { DEFAULT_PERSONAL_DATA_OPTION } from '../annotations';
import { importMatchesFile, splitDefinitionFiles } from '../bundle';
import {
  PersonalDataField,
  ProtoDefinitionType,
  ProtoDocument,
  ProtoFileInfo,
  ProtoParseResult,
  ProtoService,
} from '../model';
import { toParseError } from './errors';
import {
  indexTypes,
  ModelContext,
  toDefinitionType,
  toService,
  TypeIndex,
} from './toModel';
import { wellKnownTypes } from './wellKnown';

/** @public */
export type ParseProtoOptions = {
  /** The field option that marks personal data. Default `gdpr_sensitive`. */
  personalDataOption?: string;
};

// protobufjs names the file being parsed through this static property and
// stamps it on every message, enum and service it creates.
const parser = parse as typeof parse & { filename: string | null };

// Field names as written (not camelCase); `//` comments are descriptions.
const PARSE_OPTIONS: IParseOptions = {
  keepCase: true,
  alternateCommentMode: true,
};

function syntaxOf(text: string): string | undefined {
  const syntax = /^\s*syntax\s*=\s*["']([^"']+)["']/m.exec(text);
  if (syntax) {
    return syntax[1];
  }
  const edition = /^\s*edition\s*=\s*["']([^"']+)["']/m.exec(text);
  return edition ? `edition ${edition[1]}` : undefined;
}

function packageOf(obj: ReflectionObject): string {
  let parent = obj.parent;
  while (parent && (parent instanceof Type || parent instanceof Service)) {
    parent = parent.parent;
  }
  return parent ? parent.fullName.replace(/^\./, '') : '';
}

/** Top-level messages, enums and services of every package, in file order. */
function topLevel(
  root: Root,
  fileOrder: string[],
  ctx: ModelContext,
): { types: ProtoDefinitionType[]; services: ProtoService[] } {
  const found: {
    order: number;
    type?: ProtoDefinitionType;
    service?: ProtoService;
  }[] = [];
  let seq = 0;
  const visit = (ns: Namespace) => {
    for (const child of ns.nestedArray) {
      const file = child.filename ?? fileOrder[0];
      const order = fileOrder.indexOf(file) * 1e9 + seq++;
      if (child instanceof Service) {
        found.push({ order, service: toService(child, file, ctx) });
      } else if (child instanceof Type || child instanceof Enum) {
        found.push({ order, type: toDefinitionType(child, file, ctx) });
      } else if (child instanceof Namespace) {
        visit(child);
      }
    }
  };
  visit(root);
  found.sort((a, b) => a.order - b.order);
  return {
    types: found.flatMap(f => (f.type ? [f.type] : [])),
    services: found.flatMap(f => (f.service ? [f.service] : [])),
  };
}

function collectPersonalData(
  types: ProtoDefinitionType[],
  into: PersonalDataField[] = [],
): PersonalDataField[] {
  for (const type of types) {
    if (type.kind !== 'message') {
      continue;
    }
    for (const field of type.fields) {
      if (field.sensitive) {
        into.push({
          message: type.displayName,
          messageFullName: type.fullName,
          field: field.name,
          number: field.number,
          type:
            field.label === 'map'
              ? `map<${field.keyType}, ${field.type.name}>`
              : field.type.name,
          comment: field.comment,
          file: type.file,
        });
      }
    }
    collectPersonalData(type.nested, into);
  }
  return into;
}

/**
 * Parses a .proto API definition (one file, or several with marker lines,
 * see `splitDefinitionFiles`) with protobufjs. Never throws: a syntax error
 * comes back with its file, line and column.
 * @public
 */
export function parseProtoDefinition(
  definition: string,
  options: ParseProtoOptions = {},
): ProtoParseResult {
  const option = options.personalDataOption || DEFAULT_PERSONAL_DATA_OPTION;
  const files = splitDefinitionFiles(definition);
  const root = new Root();
  const infos: ProtoFileInfo[] = [];
  for (const file of files) {
    parser.filename = file.name;
    try {
      const result = parse(file.text, root, PARSE_OPTIONS);
      infos.push({
        name: file.name,
        package: result.package,
        syntax: syntaxOf(file.text),
        imports: [...(result.imports ?? []), ...(result.weakImports ?? [])],
      });
    } catch (e) {
      return { ok: false, error: toParseError(e, file, PARSE_OPTIONS) };
    } finally {
      parser.filename = null;
    }
  }

  const wellKnown = wellKnownTypes();
  const index: TypeIndex = new Map(wellKnown.types);
  indexTypes(root, index);
  const unresolved = new Set<string>();
  const ctx: ModelContext = { index, option, unresolved, packageOf };
  const { types, services } = topLevel(
    root,
    files.map(f => f.name),
    ctx,
  );

  const unresolvedImports = infos.flatMap(info =>
    info.imports
      .filter(
        path =>
          !wellKnown.files.has(path) &&
          !infos.some(
            other => other !== info && importMatchesFile(path, other.name),
          ),
      )
      .map(path => ({ file: info.name, path })),
  );

  const packages = [
    ...new Set(infos.flatMap(i => (i.package ? [i.package] : []))),
  ];
  const document: ProtoDocument = {
    files: infos,
    packages,
    services,
    types,
    unresolvedImports,
    unresolvedTypes: [...unresolved],
    personalData: collectPersonalData(types),
    personalDataOption: option,
  };
  return { ok: true, document };
}

/** Count and messages of the personal data, as the catalog annotates them. @public */
export function summarisePersonalData(document: ProtoDocument): {
  fields: number;
  messages: string[];
} {
  return {
    fields: document.personalData.length,
    messages: [...new Set(document.personalData.map(f => f.message))],
  };
}

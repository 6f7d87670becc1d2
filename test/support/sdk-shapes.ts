/**
 * Derives JSON Schemas for the objects the simulator answers with from the pinned `stripe`
 * package's own type declarations (the objects of the API version that SDK sends). Stripe's
 * published OpenAPI spec for that version cannot be obtained here, and the SDK's types are
 * generated from it, so they are the source of truth for response shapes.
 *
 * Rules of the translation:
 * - a property without `?` is required; `?` marks fields Stripe leaves out unless expanded or set;
 * - `| null` is a null type; a union of string literals is a closed enum (the SDK's `OtherString`
 *   escape hatch is dropped: the simulator must only send values the pinned version declares);
 * - objects are closed (`additionalProperties: false`), except string maps such as `Metadata`;
 * - `string | VerificationReport` (an expandable id) is either.
 *
 *   npx tsx test/support/sdk-shapes.ts --write   # regenerates test/fixtures/stripe-sdk-shapes
 *
 * test/unit/api-version-pin.test.ts re-derives the shapes and fails when the committed fixture
 * no longer matches the installed SDK.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// TypeScript itself (a large module) is loaded only to derive the shapes, not by every test
// that checks the simulator's answers against them (stripe-spec.ts loads the fixture).
import type TS from 'typescript';

type Schema = Record<string, unknown>;

export interface SdkShapes {
  source: {
    package: string;
    version: string;
    apiVersion: string;
    openapiVersion: string;
    files: Record<string, string>;
  };
  /** Object name → JSON Schema; `$ref`s point into `definitions`. */
  schemas: Record<string, Schema>;
  definitions: Record<string, Schema>;
}

export const SHAPES_PATH = fileURLToPath(
  new URL('../fixtures/stripe-sdk-shapes/shapes.json', import.meta.url),
);

/** The declarations the shapes come from, relative to the package root. */
const SOURCE_FILES = {
  session: 'esm/resources/Identity/VerificationSessions.d.ts',
  report: 'esm/resources/Identity/VerificationReports.d.ts',
  events: 'esm/resources/Events.d.ts',
  webhookEndpoints: 'esm/resources/WebhookEndpoints.d.ts',
} as const;

/** Schema name → [source file key, interface name]. */
const ROOTS: Record<string, [keyof typeof SOURCE_FILES, string]> = {
  'identity.verification_session': ['session', 'VerificationSession'],
  'identity.verification_report': ['report', 'VerificationReport'],
  event: ['events', 'IdentityVerificationSessionCreatedEvent'],
  webhook_endpoint: ['webhookEndpoints', 'WebhookEndpoint'],
};

/** The identity event interfaces whose `type` literals make up the event schema's `type` enum. */
const IDENTITY_EVENTS = [
  'IdentityVerificationSessionCanceledEvent',
  'IdentityVerificationSessionCreatedEvent',
  'IdentityVerificationSessionProcessingEvent',
  'IdentityVerificationSessionRedactedEvent',
  'IdentityVerificationSessionRequiresInputEvent',
  'IdentityVerificationSessionVerifiedEvent',
];

/** The installed package (its exports map hides package.json from require.resolve). */
function stripeRoot(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('stripe'));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'OPENAPI_VERSION'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('sdk-shapes: cannot find the stripe package');
    dir = up;
  }
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function deriveSdkShapes(): SdkShapes {
  const ts = createRequire(import.meta.url)('typescript') as typeof TS;
  const root = stripeRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const apiVersion = /ApiVersion = '([^']+)'/.exec(
    readFileSync(join(root, 'esm/apiVersion.js'), 'utf8'),
  )?.[1];
  if (!apiVersion) throw new Error('sdk-shapes: no ApiVersion in the stripe package');
  const paths = Object.fromEntries(
    Object.entries(SOURCE_FILES).map(([k, p]) => [k, join(root, p)]),
  ) as Record<keyof typeof SOURCE_FILES, string>;

  const program = ts.createProgram(Object.values(paths), {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const definitions: Record<string, Schema> = {};

  function findInterface(fileKey: keyof typeof SOURCE_FILES, name: string): TS.InterfaceDeclaration {
    const file = program.getSourceFile(paths[fileKey]);
    if (!file) throw new Error(`sdk-shapes: cannot read ${SOURCE_FILES[fileKey]}`);
    let found: TS.InterfaceDeclaration | undefined;
    const visit = (node: TS.Node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === name && node.parent === file) found = node;
      else if (!found && ts.isSourceFile(node)) ts.forEachChild(node, visit);
    };
    visit(file);
    if (!found) throw new Error(`sdk-shapes: no interface ${name} in ${SOURCE_FILES[fileKey]}`);
    return found;
  }

  /** A stable name for a named object type: its declaration's qualified name. */
  function nameOf(type: TS.Type): string | null {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.flags & ts.SymbolFlags.TypeLiteral) return null;
    const full = checker.getFullyQualifiedName(symbol).replace(/^".*"\./, '');
    return full === '__type' ? null : full;
  }

  function isOtherString(type: TS.Type): boolean {
    return (type.flags & ts.TypeFlags.Intersection) !== 0;
  }

  function convert(type: TS.Type, at: TS.Node): Schema {
    if (type.flags & ts.TypeFlags.Union) {
      const parts = (type as TS.UnionType).types.filter(
        // An optional property's type includes undefined: `required` says that instead.
        (t) => !isOtherString(t) && !(t.flags & ts.TypeFlags.Undefined),
      );
      const literals = parts.filter((t) => t.isStringLiteral()) as TS.StringLiteralType[];
      const bools = parts.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
      const hasNull = parts.some((t) => t.flags & ts.TypeFlags.Null);
      const rest = parts.filter(
        (t) => !t.isStringLiteral() && !(t.flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Null)),
      );
      const options: Schema[] = [];
      if (literals.length > 0) options.push({ type: 'string', enum: literals.map((l) => l.value).sort() });
      if (bools.length > 0) options.push({ type: 'boolean' });
      for (const t of rest) options.push(convert(t, at));
      if (hasNull) options.push({ type: 'null' });
      return options.length === 1 ? (options[0] as Schema) : { anyOf: options };
    }
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.flags & ts.TypeFlags.Null) return { type: 'null' };
    if (type.isStringLiteral()) return { type: 'string', enum: [type.value] };
    if (type.flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (checker.isArrayType(type)) {
      const [item] = checker.getTypeArguments(type as TS.TypeReference);
      return { type: 'array', items: item ? convert(item, at) : {} };
    }
    if (type.flags & ts.TypeFlags.Object) {
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      if (index && checker.getPropertiesOfType(type).length === 0) {
        return { type: 'object', additionalProperties: convert(index.type, at) };
      }
      const name = nameOf(type);
      if (name === null) return objectSchema(type, at);
      if (!(name in definitions)) {
        definitions[name] = {};
        definitions[name] = objectSchema(type, at);
      }
      return { $ref: `#/definitions/${name}` };
    }
    throw new Error(`sdk-shapes: cannot translate ${checker.typeToString(type)}`);
  }

  function objectSchema(type: TS.Type, at: TS.Node): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      const propType = checker.getTypeOfSymbolAtLocation(prop, at);
      // `deleted?: void`: the field exists only on a deleted object's stub, never here.
      const isVoid = (t: TS.Type) => (t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0;
      if (isVoid(propType) || (propType.isUnion() && propType.types.every(isVoid))) continue;
      try {
        properties[prop.name] = convert(propType, at);
      } catch (error) {
        throw new Error(`${prop.name}: ${(error as Error).message}`);
      }
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(prop.name);
    }
    return { type: 'object', properties, required: required.sort(), additionalProperties: false };
  }

  const schemas: Record<string, Schema> = {};
  for (const [schemaName, [fileKey, iface]] of Object.entries(ROOTS)) {
    const decl = findInterface(fileKey, iface);
    schemas[schemaName] = objectSchema(checker.getTypeAtLocation(decl), decl);
  }
  // The event schema: any identity session event (they differ only in their `type` literal).
  const eventTypes = IDENTITY_EVENTS.map((name) => {
    const decl = findInterface('events', name);
    const typeProp = checker.getTypeAtLocation(decl).getProperty('type');
    const t = typeProp && checker.getTypeOfSymbolAtLocation(typeProp, decl);
    if (!t?.isStringLiteral()) throw new Error(`sdk-shapes: ${name}.type is not a literal`);
    return t.value;
  });
  const event = schemas.event as { properties: Record<string, Schema> };
  event.properties.type = { type: 'string', enum: eventTypes.sort() };

  return {
    source: {
      package: 'stripe',
      version: pkg.version,
      apiVersion,
      openapiVersion: readFileSync(join(root, 'OPENAPI_VERSION'), 'utf8').trim(),
      files: Object.fromEntries(
        Object.entries(SOURCE_FILES).map(([k, p]) => [p, sha256(paths[k as keyof typeof SOURCE_FILES])]),
      ),
    },
    schemas,
    definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export function loadSdkShapes(): SdkShapes {
  return JSON.parse(readFileSync(SHAPES_PATH, 'utf8')) as SdkShapes;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const shapes = deriveSdkShapes();
  const text = `${JSON.stringify(shapes, null, 2)}\n`;
  if (process.argv.includes('--write')) {
    writeFileSync(SHAPES_PATH, text);
    console.log(
      `wrote ${relative(process.cwd(), SHAPES_PATH)} (stripe ${shapes.source.version}, API ${shapes.source.apiVersion})`,
    );
  } else {
    process.stdout.write(text);
  }
}

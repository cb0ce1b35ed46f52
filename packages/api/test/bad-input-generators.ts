// Bad requests derived from the OpenAPI document: for each operation, fast-check arbitraries of
// bodies, queries, path parameters and headers that its own schemas refuse. Every generated
// value is checked against the document's JSON Schema (ajv) to be really invalid, so a test
// never expects a refusal where the schema would accept.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';

/** The JSON Schema keywords zod 4 writes for the routes' schemas (draft 2020-12). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the document, as far as bad input is concerned. */
export interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** OpenAPI path template: `/api/v1/households/{code}`. */
  path: string;
  roles: readonly string[];
  idempotent: boolean;
  pathParameters: readonly Parameter[];
  queryParameters: readonly Parameter[];
  /** The JSON body's schema, if the operation takes a body. */
  body: JsonSchema | undefined;
  /** Media types the body may have besides JSON (`text/csv`), with their size bound. */
  rawBodies: readonly { mediaType: string; bytesMax: number }[];
}

/** The parts of a document this file reads. */
export interface OpenApiLike {
  paths: Record<string, Record<string, unknown>>;
}

interface OperationObject {
  operationId: string;
  'x-linli-roles': string[];
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export function readOperations(document: OpenApiLike): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(methods)) {
      const operation = value as OperationObject;
      const content = operation.requestBody?.content ?? {};
      operations.push({
        operationId: operation.operationId,
        method: method as Operation['method'],
        path,
        roles: operation['x-linli-roles'],
        idempotent: operation.parameters.some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key'),
        pathParameters: operation.parameters
          .filter((parameter) => parameter.in === 'path')
          .map(({ name, required, schema }) => ({ name, required, schema })),
        queryParameters: operation.parameters
          .filter((parameter) => parameter.in === 'query')
          .map(({ name, required, schema }) => ({ name, required, schema })),
        body: content['application/json']?.schema,
        rawBodies: Object.entries(content)
          .filter(([mediaType]) => mediaType !== 'application/json')
          .map(([mediaType, { schema }]) => ({ mediaType, bytesMax: schema.maxLength ?? 0 })),
      });
    }
  }
  return operations;
}

// Checking values against the document's schemas ---------------------------------------------

/**
 * ajv for draft 2020-12. Formats are not checked: zod writes a `pattern` beside each `format`
 * it checks, and a format zod does not check must not make this side stricter than the route.
 */
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

export function isValid(schema: JsonSchema, value: unknown): boolean {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value);
}

// Valid values (the base that one bad part is put into) ------------------------------------------

const shortStringMax = 24;

/** An arbitrary of values the schema accepts (checked with ajv; refinements zod adds may still refuse some). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  return anyValue(schema).filter((value) => isValid(schema, value));
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function anyValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined) return fc.oneof(...branches.map(anyValue));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => anyValue({ ...schema, type })));
  switch (types[0]) {
    case 'object':
      return objectValue(schema);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(anyValue(schema.items ?? {}), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'string':
      return stringValue(schema);
    case 'integer':
      return fc.integer({ min: Math.ceil(schema.minimum ?? -1_000), max: Math.floor(schema.maximum ?? 1_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      // `{}` (zod's "anything", for what JSON Schema cannot say): a short string is accepted.
      return fc.string({ maxLength: 8 });
  }
}

function objectValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) shape[name] = anyValue(property);
  if (Object.keys(properties).length === 0 && schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    // A record (`z.record`): a few keys the key schema accepts.
    const values = schema.additionalProperties === true ? fc.string({ maxLength: 8 }) : anyValue(schema.additionalProperties);
    const keys = schema.propertyNames === undefined ? fc.string({ minLength: 1, maxLength: 8 }) : stringValue(schema.propertyNames);
    return fc.dictionary(keys, values, { maxKeys: 3 });
  }
  return fc.record(shape, { requiredKeys: required });
}

function stringValue(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Number.MAX_SAFE_INTEGER;
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString());
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern, 'u');
    return fc.stringMatching(pattern).filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, shortStringMax)) });
}

// Sites: the places in a valid value where one bad part can go -----------------------------------

/** A place in a JSON value: its path (keys and indexes) and the schema that applies there. */
export interface Site {
  path: readonly (string | number)[];
  schema: JsonSchema;
}

/** The branch of an `anyOf` that a value takes (the first that accepts it). */
function branchOf(schema: JsonSchema, value: unknown): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches === undefined) return schema;
  return branchOf(branches.find((branch) => isValid(branch, value)) ?? schema, value);
}

/** Every place in `value` (itself included), with the schema branch that accepted it. */
export function sitesOf(schema: JsonSchema, value: unknown, path: readonly (string | number)[] = []): Site[] {
  const resolved = branchOf(schema, value);
  const sites: Site[] = [{ path, schema: resolved }];
  if (Array.isArray(value) && resolved.items !== undefined) {
    value.forEach((item, index) => sites.push(...sitesOf(resolved.items as JsonSchema, item, [...path, index])));
  } else if (isPlainObject(value) && resolved.properties !== undefined) {
    for (const [key, item] of Object.entries(value)) {
      const property = resolved.properties[key];
      if (property !== undefined) sites.push(...sitesOf(property, item, [...path, key]));
    }
  }
  return sites;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of `root` with the value at `path` replaced (or removed when `remove`). */
export function withValueAt(root: unknown, path: readonly (string | number)[], change: { value: unknown } | { remove: true }): unknown {
  if (path.length === 0) return 'value' in change ? change.value : undefined;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = withValueAt(copy[head as number], rest, change);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(root as Record<string, unknown>)) {
    if (key !== head) defineOwn(copy, key, item);
  }
  if (rest.length > 0 || 'value' in change)
    defineOwn(
      copy,
      String(head),
      rest.length === 0 ? (change as { value: unknown }).value : withValueAt((root as Record<string, unknown>)[head], rest, change),
    );
  return copy;
}

/** Sets an own, enumerable property, even one named `__proto__` (which `=` would not create). */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** The RFC 6901 pointer the service reports a field problem at. */
export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((key) => `/${String(key).slice(0, 100).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

// Bad values -------------------------------------------------------------------------------------

export const sqlStrings = [
  "'; drop table ledger_postings; --",
  "1' or '1'='1",
  "xianlin'); delete from users; --",
  "\\'; truncate ledger_transactions cascade; --",
  '1; select pg_sleep(10)',
];
export const scriptStrings = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
];
/** Strings that break text handling: control characters, a lone surrogate, RTL override, NUL. */
export const awkwardStrings = [
  '\u0000',
  'a\u0000b',
  '\u0007bell',
  '\u001b[31mred',
  '\ud800',
  '\u202egnp.exe',
  ' ',
  '\t',
  '',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '１２３',
  '𝟙𝟚𝟛',
  'null',
  'undefined',
  '[object Object]',
];

/** Characters no string may hold, in any field (validation.ts): PostgreSQL cannot store them. */
export const unstorableTexts = ['\u0000', '\ud800', '\udfff', '\udbff\u0041'];

/** Amount strings every amount field refuses: signs, NaN, infinities, exponents, over-scale, empty. */
export const badAmountStrings = [
  '-1',
  '-0.01',
  '-0',
  'NaN',
  'nan',
  'Infinity',
  '-Infinity',
  '1e309',
  '1e3',
  '1E3',
  '1e-7',
  '0x10',
  '1,5',
  '1 000',
  ' 1',
  '1 ',
  '+1',
  '.5',
  '5.',
  '01',
  '00.5',
  '1.0000001',
  '0.1234567',
  '1.00000000000000000001',
  '1000000000000000000',
  '99999999999999999999',
  '１',
  '١',
  '',
  '1/2',
  '½',
  '1_000',
  '0b1',
  '2.50.1',
];

/**
 * JSON number tokens, written into the body's text as they are (JSON.stringify cannot write
 * them): `1e309` parses to Infinity, the others are numbers where strings belong.
 */
export const rawNumberTokens = ['1e309', '-1e309', '1.5', '-1', '0', '1e-400', '123456789012345678901234567890'];

/** Stand-in that `bodyText` replaces with a raw number token. */
export function rawToken(token: string): string {
  return `\u0001raw:${token}\u0001`;
}

export function bodyText(body: unknown): string {
  return JSON.stringify(body).replace(/"\\u0001raw:([^\\]*)\\u0001"/g, '$1');
}

/** A value of each JSON type, for wrong-type mutations. */
export const valuesOfEachType: readonly unknown[] = [0, 1.5, -1, true, false, null, 'text', '', [], ['a'], {}, { a: 1 }];

/** Names for unknown fields, including those that mean something to JavaScript objects. */
export const unknownFieldNames = [
  'extra',
  'isAdmin',
  'role',
  'community',
  'communityId',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'id ',
  'ID',
  'x'.repeat(300),
];

/** A string of `length` characters: ASCII, Chinese (3 bytes each in UTF-8) or emoji (4 bytes). */
export function longString(length: number, flavour: 'ascii' | 'han' | 'emoji'): string {
  const unit = flavour === 'ascii' ? 'a' : flavour === 'han' ? '邻' : '😀';
  return unit.repeat(length);
}

/** Is the schema one of the amount strings (a decimal written as a string)? */
export function isAmountSchema(schema: JsonSchema): boolean {
  return (
    typesOf(schema).includes('string') &&
    schema.pattern !== undefined &&
    isValid(schema, '1') &&
    !isValid(schema, 'a') &&
    !isValid(schema, '1a')
  );
}

/** Does the schema, or any schema inside it, satisfy `wanted`? */
export function containsSchema(schema: JsonSchema, wanted: (schema: JsonSchema) => boolean): boolean {
  if (wanted(schema)) return true;
  const inside = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.items === undefined ? [] : [schema.items]),
  ];
  if (typeof schema.additionalProperties === 'object') inside.push(schema.additionalProperties);
  return inside.some((item) => containsSchema(item, wanted));
}

/** Can the string be written in a URL (no lone surrogate)? */
export function isWellFormed(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

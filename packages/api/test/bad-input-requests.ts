// The kinds of bad request sent to each operation of the OpenAPI document, as fast-check
// arbitraries: one bad part in an otherwise valid request, and the codes the refusal may have.
import fc from 'fast-check';
import {
  awkwardStrings,
  badAmountStrings,
  bodyText,
  containsSchema,
  defineOwn,
  isAmountSchema,
  isValid,
  isWellFormed,
  longString,
  pointerOf,
  rawNumberTokens,
  rawToken,
  scriptStrings,
  sitesOf,
  sqlStrings,
  unknownFieldNames,
  unstorableTexts,
  validValue,
  valuesOfEachType,
  withValueAt,
  type JsonSchema,
  type Operation,
  type Parameter,
} from './bad-input-generators.js';
import { jsonBodyBytesMax } from '../src/middleware/json-body.js';

export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; text: string }
  | { kind: 'raw'; contentType: string | undefined; bytes: Buffer };

export interface BadRequest {
  /** What is wrong, for the failure message: `body /items/0/quantity: "1e309"`. */
  label: string;
  pathValues: Readonly<Record<string, string>>;
  /** Path values written into the URL as they are, not percent-encoded (malformed encodings). */
  rawPathValues?: Readonly<Record<string, string>>;
  /** Name and value pairs; a name may repeat. */
  query: readonly (readonly [string, string])[];
  /** `fresh`: a new valid key; `none`: no header; else the header's value(s). */
  idempotencyKey: 'fresh' | 'none' | string | readonly string[];
  body: RequestBody;
  /** The problem codes the refusal may carry. */
  codes: readonly string[];
  /**
   * `refused` (the default): a 4xx problem with one of `codes`. `answered`: for a read whose
   * schema accepts the value (SQL or script text in a search), any answer but a 5xx, and a
   * problem if it is a refusal.
   */
  outcome?: 'refused' | 'answered';
}

/** A query value beyond this would not fit node's 16 kB request head, which node refuses itself. */
const queryValueLengthMax = 8_000;

interface Base {
  pathValues: Record<string, string>;
  query: [string, string][];
  body: unknown;
}

function baseOf(operation: Operation): fc.Arbitrary<Base> {
  const pathValues: Record<string, fc.Arbitrary<string>> = {};
  for (const parameter of operation.pathParameters) pathValues[parameter.name] = validValue(parameter.schema) as fc.Arbitrary<string>;
  const query = operation.queryParameters.map((parameter) => {
    const value = validValue(parameter.schema) as fc.Arbitrary<string>;
    return parameter.required
      ? value.map((item): [string, string][] => [[parameter.name, item]])
      : fc.option(value, { nil: undefined }).map((item): [string, string][] => (item === undefined ? [] : [[parameter.name, item]]));
  });
  return fc.record({
    pathValues: fc.record(pathValues),
    query: fc.tuple(...query).map((lists) => lists.flat()),
    body: operation.body === undefined ? fc.constant(undefined) : validValue(operation.body),
  });
}

function request(base: Base, change: Partial<BadRequest> & Pick<BadRequest, 'label' | 'codes'>): BadRequest {
  return {
    pathValues: base.pathValues,
    query: base.query,
    idempotencyKey: 'fresh',
    body: base.body === undefined ? { kind: 'none' } : { kind: 'json', text: bodyText(base.body) },
    ...change,
  };
}

/** A JSON body: refused for its fields, or for its size when it is over the body limit. */
function jsonBody(body: unknown): { body: RequestBody; codes: readonly string[] } {
  const text = bodyText(body);
  return {
    body: { kind: 'json', text },
    codes: Buffer.byteLength(text) > jsonBodyBytesMax ? ['payload_too_large'] : ['validation_failed'],
  };
}

/** Strings a string field refuses (checked by the caller), longer ones sized from its bounds. */
function badStrings(schema: JsonSchema, lengthMax: number): fc.Arbitrary<string> {
  const beyond =
    schema.maxLength === undefined ? [] : [schema.maxLength + 1, schema.maxLength + 17].filter((length) => length <= lengthMax);
  const below = schema.minLength !== undefined && schema.minLength > 1 ? [schema.minLength - 1] : [];
  const sized = [...beyond, ...below];
  const long =
    sized.length === 0
      ? []
      : [
          fc
            .tuple(fc.constantFrom(...sized), fc.constantFrom('ascii' as const, 'han' as const, 'emoji' as const))
            .map(([length, flavour]) => longString(length, flavour)),
        ];
  return fc.oneof(
    fc.constantFrom(...sqlStrings, ...scriptStrings),
    fc.constantFrom(...awkwardStrings),
    ...long,
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
}

// Body -------------------------------------------------------------------------------------------

function bodyKinds(operation: Operation, base: fc.Arbitrary<Base>, schema: JsonSchema): Record<string, fc.Arbitrary<BadRequest>> {
  const sites = (value: unknown, wanted: (site: JsonSchema, at: unknown) => boolean) =>
    sitesOf(schema, value).filter((site) => wanted(site.schema, valueAt(value, site.path)));
  const mutate = <T>(
    pick: fc.Arbitrary<T>,
    wanted: (site: JsonSchema, at: unknown) => boolean,
    change: (
      value: unknown,
      site: { path: readonly (string | number)[]; schema: JsonSchema },
      picked: T,
    ) => { body: unknown; label: string; unstorable?: boolean; parsed?: unknown } | undefined,
  ) =>
    fc
      .tuple(base, fc.nat(), pick)
      .map(([b, index, picked]) => {
        const candidates = sites(b.body, wanted);
        const site = candidates[index % Math.max(candidates.length, 1)];
        if (site === undefined) return undefined;
        const changed = change(b.body, site, picked);
        if (changed === undefined || (changed.unstorable !== true && isValid(schema, 'parsed' in changed ? changed.parsed : changed.body)))
          return undefined;
        // A body that is valid JSON of another type (`null`, `"text"`) is refused by the schema too.
        return request(b, { label: changed.label, ...jsonBody(changed.body) });
      })
      .filter((item): item is BadRequest => item !== undefined);

  const kinds: Record<string, fc.Arbitrary<BadRequest>> = {
    'a field of the wrong JSON type': mutate(
      fc.constantFrom(...valuesOfEachType),
      () => true,
      (value, site, wrong) => ({
        body: withValueAt(value, site.path, { value: wrong }),
        label: `body ${pointerOf(site.path)} = ${JSON.stringify(wrong)}`,
      }),
    ),
    'a required field missing': mutate(
      fc.nat(),
      (site, at) => isObject(at) && (site.required?.length ?? 0) > 0,
      (value, site, index) => {
        const required = site.schema.required ?? [];
        const name = required[index % required.length] as string;
        return {
          body: withValueAt(value, [...site.path, name], { remove: true }),
          label: `body ${pointerOf([...site.path, name])} missing`,
        };
      },
    ),
    'an unknown field': mutate(
      fc.tuple(
        fc.oneof(fc.constantFrom(...unknownFieldNames), fc.string({ minLength: 1, maxLength: 12 })),
        fc.constantFrom(...valuesOfEachType),
      ),
      (site, at) => isObject(at) && site.additionalProperties === false,
      (value, site, [name, item]) => {
        if (site.schema.properties?.[name] !== undefined) return undefined;
        const target = valueAt(value, site.path) as Record<string, unknown>;
        const copy: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(target)) defineOwn(copy, key, field);
        defineOwn(copy, name, item);
        return { body: withValueAt(value, site.path, { value: copy }), label: `body ${pointerOf([...site.path, name])} unknown` };
      },
    ),
    'a bad string (SQL, script, control characters, too long, too short)': fc
      .tuple(base, fc.nat(), fc.nat())
      .chain(([b, index]) => {
        const candidates = sites(b.body, isStringSchema);
        const site = candidates[index % Math.max(candidates.length, 1)];
        if (site === undefined) return fc.constant(undefined);
        return badStrings(site.schema, 2 * jsonBodyBytesMax).map((bad) => {
          const changed = withValueAt(b.body, site.path, { value: bad });
          if (isValid(schema, changed)) return undefined;
          return request(b, { label: `body ${pointerOf(site.path)} = ${JSON.stringify(bad).slice(0, 80)}`, ...jsonBody(changed) });
        });
      })
      .filter((item): item is BadRequest => item !== undefined),
    // The service refuses these in every string, whatever its schema says (validation.ts).
    'U+0000 or an unpaired surrogate in any string': mutate(
      fc.tuple(fc.constantFrom(...unstorableTexts), fc.nat()),
      isStringSchema,
      (value, site, [bad, at]) => {
        const current = valueAt(value, site.path) as string;
        const position = at % (current.length + 1);
        const changed = `${current.slice(0, position)}${bad}${current.slice(position)}`;
        return {
          body: withValueAt(value, site.path, { value: changed }),
          label: `body ${pointerOf(site.path)} = ${JSON.stringify(changed).slice(0, 80)}`,
          unstorable: true,
        };
      },
    ),
    'a string over a megabyte': mutate(fc.constantFrom('ascii' as const, 'han' as const), isStringSchema, (value, site, flavour) => ({
      body: withValueAt(value, site.path, { value: longString(1024 * 1024 + 1, flavour) }),
      label: `body ${pointerOf(site.path)} 1 MB of ${flavour}`,
    })),
    'the body not an object': fc
      .tuple(
        base,
        fc.constantFrom(
          '[]',
          '[{}]',
          '"text"',
          '1',
          '-1.5',
          'null',
          'true',
          '[[[[[[[[[[]]]]]]]]]]',
          `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
        ),
      )
      .map(([b, text]) => request(b, { label: `body ${text.slice(0, 30)}`, body: { kind: 'json', text }, codes: ['validation_failed'] })),
    'a body that is not JSON': fc
      .tuple(
        base,
        fc.constantFrom(
          '{',
          '{"a":',
          "{'a':1}",
          '{"a":1,}',
          '{"a":NaN}',
          '{"a":undefined}',
          '{"a":1}{"b":2}',
          '<xml/>',
          'a=1&b=2',
          '\u00ef\u00bb\u00bf{}',
          '{"a":"\\x41"}',
          '{"a":1e}',
          'nul',
        ),
      )
      .map(([b, text]) => request(b, { label: `body ${JSON.stringify(text)}`, body: { kind: 'json', text }, codes: ['malformed_json'] })),
    'invalid UTF-8 bytes': fc
      .tuple(
        base,
        fc.constantFrom(
          [0xff],
          [0xc3, 0x28],
          [0xe2, 0x82],
          [0xed, 0xa0, 0x80],
          [0xf8, 0x88, 0x80, 0x80, 0x80],
          [0xc0, 0xaf],
          [0xf4, 0x90, 0x80, 0x80],
          [0x80],
        ),
        fc.nat(),
      )
      .map(([b, bytes, at]) => {
        const text = Buffer.from(bodyText(b.body));
        const quotes = [...text.entries()].filter(([, byte]) => byte === 0x22).map(([index]) => index);
        const position = quotes.length === 0 ? 0 : (quotes[at % quotes.length] as number) + 1;
        const raw = Buffer.concat([text.subarray(0, position), Buffer.from(bytes), text.subarray(position)]);
        return request(b, {
          label: `body with bytes ${bytes.map((byte) => byte.toString(16)).join(' ')} at ${position}`,
          body: { kind: 'raw', contentType: 'application/json', bytes: raw },
          codes: ['invalid_utf8'],
        });
      }),
    'a content type other than JSON': fc
      .tuple(
        base,
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=linli',
          'application/xml',
          'text/html',
          'application/octet-stream',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'text/csv',
          undefined,
        ),
      )
      .filter(([, contentType]) => !operation.rawBodies.some((raw) => contentType === raw.mediaType))
      .map(([b, contentType]) =>
        request(b, {
          label: `content type ${String(contentType)}`,
          body: { kind: 'raw', contentType, bytes: Buffer.from(bodyText(b.body)) },
          codes: ['unsupported_media_type'],
        }),
      ),
    'a body over the size limit': fc
      .tuple(base, fc.constantFrom(jsonBodyBytesMax + 1, jsonBodyBytesMax + 1_000, 2 * jsonBodyBytesMax, 3 * 1024 * 1024))
      .map(([b, size]) => {
        const text = `{"padding":"${'a'.repeat(size)}"}`;
        return request(b, { label: `body of ${text.length} bytes`, body: { kind: 'json', text }, codes: ['payload_too_large'] });
      }),
  };

  const isNumber = (site: JsonSchema) => site.type === 'integer' || site.type === 'number';
  const isBoundedArray = (site: JsonSchema) => site.type === 'array' && site.maxItems !== undefined;
  kinds['a number out of its range'] = mutate(
    fc.tuple(fc.constantFrom('below', 'above', 'fraction', 'raw'), fc.constantFrom(...rawNumberTokens)),
    isNumber,
    (value, site, [how, token]) => {
      const { minimum, maximum } = site.schema;
      const bad =
        how === 'below' && minimum !== undefined
          ? minimum - 1
          : how === 'above' && maximum !== undefined
            ? maximum + 1
            : how === 'fraction'
              ? (minimum ?? 0) + 0.5
              : rawToken(token);
      // A raw number token is checked as what JSON.parse makes of it.
      const parsed = typeof bad === 'string' ? (JSON.parse(token) as unknown) : bad;
      if (isValid(site.schema, parsed)) return undefined;
      return {
        body: withValueAt(value, site.path, { value: bad }),
        label: `body ${pointerOf(site.path)} = ${typeof bad === 'string' ? token : bad}`,
        parsed: withValueAt(value, site.path, { value: parsed }),
      };
    },
  );
  kinds['an array past its maxItems'] = mutate(
    fc.constant(null),
    (site, at) => isBoundedArray(site) && Array.isArray(at) && at.length > 0,
    (value, site) => {
      const items = valueAt(value, site.path) as unknown[];
      const length = (site.schema.maxItems ?? 0) + 1;
      return {
        body: withValueAt(value, site.path, { value: Array.from({ length }, (_, index) => items[index % items.length]) }),
        label: `body ${pointerOf(site.path)} with ${length} items`,
      };
    },
  );

  // Kinds that need a place of their own in the body only where the schema has one.
  if (!containsSchema(schema, (site) => (site.required?.length ?? 0) > 0)) delete kinds['a required field missing'];
  if (!containsSchema(schema, isNumber)) delete kinds['a number out of its range'];
  if (!containsSchema(schema, (site) => isBoundedArray(site) && (site.minItems ?? 0) > 0)) delete kinds['an array past its maxItems'];
  if (!containsSchema(schema, (site) => site.additionalProperties === false)) delete kinds['an unknown field'];
  if (!containsSchema(schema, isStringSchema)) {
    delete kinds['a bad string (SQL, script, control characters, too long, too short)'];
    delete kinds['a string over a megabyte'];
    delete kinds['U+0000 or an unpaired surrogate in any string'];
  }
  if (containsSchema(schema, isAmountSchema)) {
    kinds['a bad amount (negative, NaN, infinite, exponent, over-scale, empty)'] = mutate(
      fc.oneof(fc.constantFrom(...badAmountStrings), fc.constantFrom(...rawNumberTokens).map(rawToken)),
      isAmountSchema,
      (value, site, bad) => {
        const token = /^\u0001raw:(.*)\u0001$/.exec(bad)?.[1];
        // A raw number token is checked as what JSON.parse makes of it.
        if (isValid(site.schema, token === undefined ? bad : (JSON.parse(token) as unknown))) return undefined;
        return {
          body: withValueAt(value, site.path, { value: bad }),
          label: `body ${pointerOf(site.path)} = ${token ?? JSON.stringify(bad)}`,
        };
      },
    );
  }
  return kinds;
}

function isStringSchema(schema: JsonSchema): boolean {
  return schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) at = (at as Record<string | number, unknown>)[key];
  return at;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Raw bodies (CSV) -------------------------------------------------------------------------------

function rawBodyKinds(operation: Operation, base: fc.Arbitrary<Base>): Record<string, fc.Arbitrary<BadRequest>> {
  const kinds: Record<string, fc.Arbitrary<BadRequest>> = {};
  for (const raw of operation.rawBodies) {
    // Named UTF-8, a byte that is not UTF-8 is refused, also where it would be GB18030 (C0 AF, ED A0 80).
    kinds[`${raw.mediaType}: invalid UTF-8 bytes`] = fc
      .tuple(base, fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf]))
      .map(([b, bytes]) =>
        request(b, {
          label: `${raw.mediaType}; charset=utf-8 with bytes ${bytes.join(' ')}`,
          body: {
            kind: 'raw',
            contentType: `${raw.mediaType}; charset=utf-8`,
            bytes: Buffer.concat([Buffer.from('code,name\nrice,'), Buffer.from(bytes), Buffer.from('\n')]),
          },
          codes: ['invalid_utf8'],
        }),
      );
    // Without a charset the file is read as UTF-8 or GB18030: bytes that are neither are refused.
    kinds[`${raw.mediaType}: bytes neither UTF-8 nor GB18030`] = fc
      .tuple(base, fc.constantFrom([0xff], [0xc3, 0x28], [0x81, 0x30], [0xfe, 0x0a]))
      .map(([b, bytes]) =>
        request(b, {
          label: `${raw.mediaType} with bytes ${bytes.join(' ')}`,
          body: {
            kind: 'raw',
            contentType: raw.mediaType,
            bytes: Buffer.concat([Buffer.from('code,name\nrice,'), Buffer.from(bytes), Buffer.from('\n')]),
          },
          codes: ['csv_malformed'],
        }),
      );
    kinds[`${raw.mediaType}: over its size limit`] = fc
      .tuple(base, fc.constantFrom(raw.bytesMax + 1, raw.bytesMax + 4_096))
      .map(([b, size]) =>
        request(b, {
          label: `${raw.mediaType} of ${size} bytes`,
          body: { kind: 'raw', contentType: raw.mediaType, bytes: Buffer.alloc(size, 'a') },
          codes: ['payload_too_large'],
        }),
      );
    kinds[`${raw.mediaType}: another charset`] = fc
      .tuple(base, fc.constantFrom('latin1', 'utf-16', 'shift_jis', 'big5'))
      .map(([b, charset]) =>
        request(b, {
          label: `${raw.mediaType}; charset=${charset}`,
          body: { kind: 'raw', contentType: `${raw.mediaType}; charset=${charset}`, bytes: Buffer.from('code,name\n') },
          codes: ['unsupported_media_type'],
        }),
      );
  }
  return kinds;
}

// Query and path ---------------------------------------------------------------------------------

/** Bad values for a query or path parameter (strings only: that is all a URL carries). */
function badParameterValues(parameter: Parameter): fc.Arbitrary<string> {
  return (
    fc
      .oneof(
        badStrings(parameter.schema, queryValueLengthMax),
        fc.constantFrom(...badAmountStrings, '0', '101', '1000', '-5', '1.5', 'true', 'null', '[]', '{}'),
      )
      // A lone surrogate cannot be written in a URL; `encodeURIComponent` throws on it.
      .filter((value) => isWellFormed(value) && !isValid(parameter.schema, value))
  );
}

function parameterKinds(operation: Operation, base: fc.Arbitrary<Base>): Record<string, fc.Arbitrary<BadRequest>> {
  const kinds: Record<string, fc.Arbitrary<BadRequest>> = {};
  kinds['an unknown query parameter'] = fc
    .tuple(
      base,
      fc.oneof(
        fc.constantFrom(...unknownFieldNames.filter((name) => name.length < 100), 'limit[]', 'a[b]', 'community'),
        fc.string({ minLength: 1, maxLength: 12 }),
      ),
      fc.constantFrom('1', '', 'x'),
    )
    .filter(([, name]) => isWellFormed(name) && !operation.queryParameters.some((parameter) => parameter.name === name))
    .map(([b, name, value]) =>
      request(b, { label: `query ${name}=${value} unknown`, query: [...b.query, [name, value]], codes: ['validation_failed'] }),
    );
  // Node refuses a request line and headers over 16 kB before express (client-errors.ts).
  kinds['a request head over the limit'] = fc.tuple(base, fc.constantFrom(17_000, 40_000, 100_000)).map(([b, length]) =>
    request(b, {
      label: `query of ${length} characters`,
      query: [...b.query, ['padding', 'a'.repeat(length)]],
      codes: ['request_head_too_large'],
    }),
  );
  for (const parameter of operation.queryParameters) {
    kinds[`query ${parameter.name}: a bad value`] = fc.tuple(base, badParameterValues(parameter)).map(([b, value]) =>
      request(b, {
        label: `query ${parameter.name}=${JSON.stringify(value).slice(0, 80)}`,
        query: [...b.query.filter(([name]) => name !== parameter.name), [parameter.name, value]],
        codes: ['validation_failed'],
      }),
    );
    kinds[`query ${parameter.name}: given twice`] = fc
      .tuple(base, validValueOrText(parameter), validValueOrText(parameter))
      .map(([b, first, second]) =>
        request(b, {
          label: `query ${parameter.name}=${first}&${parameter.name}=${second}`,
          query: [...b.query.filter(([name]) => name !== parameter.name), [parameter.name, first], [parameter.name, second]],
          codes: ['validation_failed'],
        }),
      );
  }
  for (const parameter of [...operation.queryParameters, ...operation.pathParameters]) {
    const where = operation.pathParameters.includes(parameter) ? 'path' : 'query';
    const put = (b: Base, value: string): Pick<BadRequest, 'pathValues' | 'query'> =>
      where === 'path'
        ? { pathValues: { ...b.pathValues, [parameter.name]: value }, query: b.query }
        : { pathValues: b.pathValues, query: [...b.query.filter(([name]) => name !== parameter.name), [parameter.name, value]] };
    // U+0000 is refused in every value (validation.ts); a URL cannot carry an unpaired surrogate.
    kinds[`${where} ${parameter.name}: U+0000 in a valid value`] = fc
      .tuple(base, validValue(parameter.schema) as fc.Arbitrary<string>, fc.nat())
      .map(([b, value, at]) => {
        const position = at % (value.length + 1);
        const changed = `${value.slice(0, position)}\u0000${value.slice(position)}`;
        return request(b, {
          label: `${where} ${parameter.name}=${JSON.stringify(changed)}`,
          ...put(b, changed),
          codes: ['validation_failed'],
        });
      });
    const accepted = [...sqlStrings, ...scriptStrings].filter((text) => isValid(parameter.schema, text));
    if (operation.method === 'get' && accepted.length > 0) {
      kinds[`${where} ${parameter.name}: SQL or script text its schema accepts`] = fc
        .tuple(base, fc.constantFrom(...accepted))
        .map(([b, text]) =>
          request(b, { label: `${where} ${parameter.name}=${JSON.stringify(text)}`, ...put(b, text), codes: [], outcome: 'answered' }),
        );
    }
  }
  for (const parameter of operation.pathParameters) {
    kinds[`path ${parameter.name}: malformed percent-encoding`] = fc
      .tuple(base, fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%C3', 'abc%', '%ED%A0%80', '%FF%FE', '%u0041'))
      .map(([b, raw]) =>
        request(b, {
          label: `path ${parameter.name}=${raw} (raw)`,
          rawPathValues: { [parameter.name]: raw },
          codes: ['bad_request', 'validation_failed', 'not_found'],
        }),
      );
    kinds[`path ${parameter.name}: a bad value`] = fc
      .tuple(
        base,
        badParameterValues(parameter).filter((value) => value !== ''),
      )
      .map(([b, value]) =>
        // A value such as `..` may lead to another path, which no route answers: not_found.
        request(b, {
          label: `path ${parameter.name}=${JSON.stringify(value).slice(0, 80)}`,
          pathValues: { ...b.pathValues, [parameter.name]: value },
          codes: ['validation_failed', 'not_found'],
        }),
      );
  }
  return kinds;
}

function validValueOrText(parameter: Parameter): fc.Arbitrary<string> {
  return fc.oneof(validValue(parameter.schema) as fc.Arbitrary<string>, fc.constant('x'));
}

// The Idempotency-Key header ----------------------------------------------------------------------

function idempotencyKinds(base: fc.Arbitrary<Base>): Record<string, fc.Arbitrary<BadRequest>> {
  return {
    'Idempotency-Key missing or empty': fc.tuple(base, fc.constantFrom('none' as const, '')).map(([b, key]) =>
      request(b, {
        label: `Idempotency-Key ${key === 'none' ? 'absent' : 'empty'}`,
        idempotencyKey: key,
        codes: ['idempotency_key_required'],
      }),
    ),
    'Idempotency-Key malformed or duplicated': fc
      .tuple(
        base,
        fc.oneof(
          fc.constantFrom('a b', 'x'.repeat(129), 'clé', 'tab\there'),
          fc
            .tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/))
            .map(([first, second]) => [first, second]),
        ),
      )
      .map(([b, key]) =>
        request(b, { label: `Idempotency-Key ${JSON.stringify(key)}`, idempotencyKey: key, codes: ['idempotency_key_invalid'] }),
      ),
  };
}

/**
 * A writing operation that takes no body refuses one, whatever it holds: an object with a field,
 * JSON of another type, or text of another media type (an empty JSON object says nothing and is
 * taken). A GET's body has no meaning in HTTP and is not sent.
 */
function noBodyKinds(base: fc.Arbitrary<Base>): Record<string, fc.Arbitrary<BadRequest>> {
  return {
    'a body where none is taken': fc
      .tuple(
        base,
        fc.constantFrom(
          { contentType: 'application/json', text: '{"expired":1}' },
          { contentType: 'application/json', text: '{"__proto__":{}}' },
          { contentType: 'application/json', text: 'null' },
          { contentType: 'application/json', text: '"hello"' },
          { contentType: 'application/json', text: '[]' },
          { contentType: 'text/plain', text: 'hello' },
        ),
      )
      .map(([b, sent]) =>
        request(b, {
          label: `${sent.contentType} body ${sent.text}`,
          body: { kind: 'raw', contentType: sent.contentType, bytes: Buffer.from(sent.text) },
          codes: ['validation_failed'],
        }),
      ),
  };
}

/**
 * Every kind of bad request that applies to an operation, by name. Body kinds go to operations
 * that take one, a body at all to writing operations that take none, query and path kinds to
 * every operation.
 */
export function badRequestKinds(operation: Operation): Record<string, fc.Arbitrary<BadRequest>> {
  const base = baseOf(operation);
  return {
    ...(operation.body === undefined ? (operation.method === 'get' ? {} : noBodyKinds(base)) : bodyKinds(operation, base, operation.body)),
    ...rawBodyKinds(operation, base),
    ...parameterKinds(operation, base),
    ...(operation.idempotent ? idempotencyKinds(base) : {}),
  };
}

// JSON values for metadata, and the canonical form used for hashing and for comparing bodies.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isJsonValue(value, 0);
}

/** Nesting deeper than this is refused as metadata rather than risking deep recursion. */
const jsonDepthMax = 16;

function isJsonValue(value: unknown, depth: number): boolean {
  if (depth > jsonDepthMax) return false;
  if (typeof value === 'string') return isStorableText(value);
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return false;
    return Object.entries(value).every(([key, item]) => isStorableText(key) && isJsonValue(item, depth + 1));
  }
  return false;
}

/**
 * Text PostgreSQL keeps exactly as written: no NUL character (text and jsonb refuse it) and no
 * unpaired UTF-16 surrogate (it has no UTF-8 form, so it would come back as U+FFFD and the stored
 * journal would no longer match its hash). The in-memory model accepts both, so without this
 * check the stores would disagree.
 */
export function isStorableText(text: string): boolean {
  return !/\u0000|\p{Cs}/u.test(text);
}

/**
 * Serializes with object keys sorted, so that the same value always gives the same text,
 * whatever order its keys were written in or came back from the database in.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// Shared request schemas (zod 4) and the one function that turns a zod failure into a 400 problem.
import { z } from 'zod';
import { ApiError, type FieldProblem } from './http-errors.js';

/** Field problems reported in one response; the rest are summarised by the count. */
export const fieldProblemsMax = 20;
const fieldProblemDetailLengthMax = 200;

/** A community's code: a lowercase slug, as used at login and as the ledger's community id. */
export const communityCode = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes');

/** Usernames are case-insensitive at login and stored in lowercase. */
export const usernameNew = z.string().min(2).max(64).regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lowercase letters, digits, dot, dash, underscore');
export const usernameLogin = z.string().min(1).max(64);

/** Passwords are bounded above too: the hash's cost must not grow with an attacker's input. */
export const passwordLengthMin = 12;
export const passwordLengthMax = 256;
export const passwordNew = z.string().min(passwordLengthMin).max(passwordLengthMax);
export const passwordLogin = z.string().min(1).max(passwordLengthMax);

/** An id as the ledger accepts it (see @linli/ledger `ids.ts`), bounded to 128 characters. */
export const idMax = 128;
export const id = z.string().min(1).max(idMax).regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'letters, digits and ._:/@-');
export const userId = z.string().min(3).max(64).regex(/^u-[a-z0-9]{1,62}$/, 'a user id such as u-7q3k9x2m');
export const householdCode = z.string().length(8).regex(/^HH-[0-9A-Z]{5}$/, 'a household code such as HH-7Q3K9');

/** Free text shown to people (names, memos): bounded, no control characters except newlines. */
export function text(lengthMax: number) {
  return z.string().min(1).max(lengthMax).regex(/^[^\u0000-\u0008\u000B-\u001F\u007F]*$/, 'no control characters');
}

export const displayName = text(100);
export const phone = z.string().min(3).max(32).regex(/^\+?[0-9][0-9 -]{1,30}$/, 'digits, spaces, dashes, an optional leading +');
/** Short tags (`zh`, `cooking`), at most 20 of them. */
export const tag = z.string().min(1).max(32).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');
export const tags = z.array(tag).max(20);

/**
 * An amount crosses the API as a decimal string (`"2.50"`), never a JS number, so it is exact.
 * At most 18 digits before the point and 6 after (the ledger's bounds); the unit's own scale is
 * the ledger's check. Signed amounts (limits) use `signedAmount`.
 */
export const amount = z.string().max(25).regex(/^(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?$/, 'a decimal string such as "2.50"');
/** An amount whose pattern lets a minus sign through, for the ledger to refuse or take. */
export const signedAmountPattern = /^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?$/;
export const signedAmount = z.string().max(26).regex(signedAmountPattern, 'a decimal string such as "-2.50"');

/** Page size of list routes: 1 to 100, 50 when absent. Query values are strings. */
export const pageSizeMax = 100;
export const pageSizeDefault = 50;
export const pageLimit = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, 'an integer from 1 to 100')
  .transform(Number)
  .pipe(z.number().int().min(1).max(pageSizeMax));

export const emptyObject = z.strictObject({});

/** Timestamps in responses: ISO 8601 in UTC. */
export const timestamp = z.iso.datetime();

/** Parses one part of a request or throws `validation_failed` listing every field problem. */
export function parseRequestPart<T extends z.ZodType>(schema: T, value: unknown, part: FieldProblem['in']): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, part);
  const unstorable = unstorableStrings(value, part);
  if (unstorable.length > 0) throw new ApiError('validation_failed', { errors: unstorable.slice(0, fieldProblemsMax) });
  return result.data;
}

/** U+0000, or a surrogate without its pair. */
const unstorableCharacter = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorableDetail = 'contains U+0000 or an unpaired surrogate, which is not text';

/**
 * Every string (value or key) in a request part that is not storable text. PostgreSQL's text and
 * jsonb refuse U+0000 and `\uD800`-style escapes of unpaired surrogates, and UTF-8 cannot encode
 * an unpaired surrogate at all (the driver would silently write U+FFFD instead). A schema may
 * accept any string (a refresh token, a search term), so this applies to every part of every
 * request, after its schema: such a value is refused before any handler sees it, never half
 * written and then failed. Walked with a stack, as a JSON body may nest deeper than the call stack.
 */
export function unstorableStrings(value: unknown, part: FieldProblem['in']): FieldProblem[] {
  interface Place {
    value: unknown;
    key: string;
    parent: Place | undefined;
  }
  // Each place links to its parent, so a path is built only for a problem (no copy per level).
  const pathOf = (place: Place): string[] => {
    const path: string[] = [];
    for (let at: Place | undefined = place; at?.parent !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const problems: FieldProblem[] = [];
  const stack: Place[] = [{ value, key: '', parent: undefined }];
  while (stack.length > 0 && problems.length < fieldProblemsMax) {
    const place = stack.pop() as Place;
    const item = place.value;
    if (typeof item === 'string') {
      if (unstorableCharacter.test(item)) problems.push({ in: part, pointer: toPointer(pathOf(place)), detail: unstorableDetail });
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => stack.push({ value: element, key: String(index), parent: place }));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (unstorableCharacter.test(key)) problems.push({ in: part, pointer: toPointer([...pathOf(place), key.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD')]), detail: `field name ${unstorableDetail}` });
        else stack.push({ value: element, key, parent: place });
      }
    }
  }
  return problems;
}

export function validationError(error: z.ZodError, part: FieldProblem['in']): ApiError {
  // An unknown key is reported at its own pointer, so a client sees which field to remove.
  const all = error.issues.flatMap((issue): FieldProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ in: part, pointer: toPointer([...issue.path, key]), detail: 'unknown field' }))
      : [{ in: part, pointer: toPointer(issue.path), detail: issue.message.slice(0, fieldProblemDetailLengthMax) }],
  );
  const problems = all.slice(0, fieldProblemsMax);
  const detail = all.length > problems.length ? `${all.length} problems; the first ${problems.length} are listed` : undefined;
  return new ApiError('validation_failed', { detail, errors: problems });
}

/** RFC 6901: `~` and `/` in a key are escaped; an unknown key's own name is appended. */
function toPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => `/${String(key).slice(0, 100).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

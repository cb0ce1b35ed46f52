// The one function that turns a zod failure into a 400 problem.
import type { z } from 'zod';
import { ApiError, type FieldProblem } from './http-errors.js';

// The value schemas live in the contract; they are re-exported here for the api's own modules.
export {
  amount,
  communityCode,
  displayName,
  emptyObject,
  householdCode,
  id,
  idMax,
  pageLimit,
  pageSizeDefault,
  pageSizeMax,
  passwordLengthMax,
  passwordLengthMin,
  passwordLogin,
  passwordNew,
  phone,
  signedAmount,
  signedAmountPattern,
  tag,
  tags,
  text,
  timestamp,
  userId,
  usernameLogin,
  usernameNew,
} from '@linli/contract';

/** Field problems reported in one response; the rest are summarised by the count. */
export const fieldProblemsMax = 20;
const fieldProblemDetailLengthMax = 200;

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
        if (unstorableCharacter.test(key))
          problems.push({
            in: part,
            pointer: toPointer([...pathOf(place), key.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD')]),
            detail: `field name ${unstorableDetail}`,
          });
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

// The rule a new password must pass: long enough, and not one that guessers try first.
import { passwordLengthMax, passwordLengthMin } from '../validation.js';

/**
 * Passwords that lists of leaked passwords put first, and the words of this service that people
 * reach for (the community, the product, the demo's published password). Compared after
 * lower-casing and removing spaces, so `Pass Word 1234` counts as `password1234`. NIST SP 800-63B
 * asks for exactly this: a length floor and a check against known-bad values, no composition
 * rules. A dozen words of the shape people type; a longer list would add little at 12 characters.
 */
const commonPasswords: ReadonlySet<string> = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123123123123',
  '111111111111',
  '000000000000',
  'qwertyuiopas',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'password1234',
  'password12345',
  'passwordpassword',
  'iloveyou1234',
  'abc123456789',
  'abcdefghijkl',
  'woaini1314520',
  'woaini123456',
  'aaaaaaaaaaaa',
  'changeme1234',
  'letmein12345',
  'welcome12345',
  'admin1234567',
  'administrator',
  'linli1234567',
  'linlilinlilinli',
  'demo-linli-2026',
]);

/** At most this many repeats of one character: `aaaaaaaaaaaaa1` is long but not strong. */
const repeatedCharactersMax = 0.5;

/**
 * Why `password` is too weak for `username`, or undefined when it passes: at least
 * `passwordLengthMin` characters (and at most `passwordLengthMax`), not on the common list, not the
 * username or containing it, and not mostly one character.
 */
export function passwordWeakness(password: string, context: { username: string; community?: string | undefined }): string | undefined {
  const length = [...password].length;
  if (length < passwordLengthMin) return `it has ${length} characters; at least ${passwordLengthMin} are needed`;
  if (length > passwordLengthMax) return `it has ${length} characters; at most ${passwordLengthMax} are allowed`;
  const folded = password.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  if (commonPasswords.has(folded)) return 'it is one of the passwords guessers try first';
  const username = context.username.toLowerCase();
  if (username.length >= 3 && folded.includes(username)) return 'it contains the username';
  if (
    context.community !== undefined &&
    context.community.length >= 3 &&
    folded.includes(context.community.toLowerCase()) &&
    folded.length < context.community.length + 8
  ) {
    return 'it is mostly the community code';
  }
  const counts = new Map<string, number>();
  for (const character of folded) counts.set(character, (counts.get(character) ?? 0) + 1);
  if (Math.max(...counts.values()) > folded.length * repeatedCharactersMax) return 'it is mostly one character repeated';
  return undefined;
}

// Password hashing with scrypt (memory-hard, in Node's crypto), a per-user salt and a versioned format.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. 2^15 with r = 8 uses 32 MiB per hash. */
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP suggests N = 2^17 (128 MiB). 2^15 (32 MiB, about 100 ms) is chosen for small community
 * servers: scrypt runs on libuv's 4 worker threads, so concurrent logins peak near 128 MiB.
 * Stored hashes carry their parameters, and login rehashes those made with weaker ones, so this
 * can be raised at any time.
 */
export const scryptParametersDefault: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
const saltBytes = 16;
const hashBytes = 32;
/** The largest cost a stored hash may ask for, so a tampered row cannot exhaust memory. */
const costMax = 2 ** 20;

/**
 * `scrypt$1$N=32768,r=8,p=1$<salt>$<hash>` (base64url). The leading version lets the format
 * change later, and the parameters are stored so they can be raised without breaking old hashes.
 */
export async function hashPassword(password: string, parameters: ScryptParameters = scryptParametersDefault): Promise<string> {
  const salt = randomBytes(saltBytes);
  const hash = await derive(password, salt, parameters);
  return `scrypt$1$N=${parameters.N},r=${parameters.r},p=${parameters.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Compares in constant time. A stored hash that cannot be read is a programmer or data error. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const candidate = await derive(password, parsed.salt, parsed.parameters, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash used weaker parameters than today's default (rehash at next login). */
export function needsRehash(stored: string, parameters: ScryptParameters = scryptParametersDefault): boolean {
  const current = parseHash(stored).parameters;
  return current.N < parameters.N || current.r < parameters.r || current.p < parameters.p;
}

interface ParsedHash {
  parameters: ScryptParameters;
  salt: Buffer;
  hash: Buffer;
}

const hashPattern = /^scrypt\$1\$N=(\d{1,8}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,128})$/;

function parseHash(stored: string): ParsedHash {
  const match = hashPattern.exec(stored);
  if (match === null) throw new Error('stored password hash has an unknown format');
  const [, n, r, p, salt, hash] = match;
  const parameters = { N: Number(n), r: Number(r), p: Number(p) };
  if (parameters.N > costMax || (parameters.N & (parameters.N - 1)) !== 0 || parameters.r < 1 || parameters.p < 1) {
    throw new Error('stored password hash has out-of-range parameters');
  }
  return { parameters, salt: Buffer.from(salt ?? '', 'base64url'), hash: Buffer.from(hash ?? '', 'base64url') };
}

function derive(password: string, salt: Buffer, parameters: ScryptParameters, length = hashBytes): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.N,
    r: parameters.r,
    p: parameters.p,
    // scrypt needs 128 * N * r bytes; twice that leaves headroom without allowing runaway input.
    maxmem: 256 * parameters.N * parameters.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

/**
 * A hash of a random password, verified against when the username does not exist, so that a
 * failed login takes as long whether or not the user exists.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoyHash;
}

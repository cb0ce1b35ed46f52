// Sealing personal data at rest: AES-256-GCM with a random nonce, a key id, and a bound context.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const formatVersion = 'v1';
const keyBytes = 32;
/** 96-bit nonces, random per value: with fewer than 2^32 values per key the collision risk is negligible. */
const nonceBytes = 12;
const tagBytes = 16;
/** Sealed values are bounded like everything else; personal records are small. */
export const sealedPlaintextBytesMax = 16_384;

export class SealedDataError extends Error {
  override readonly name = 'SealedDataError';
}

interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * A key's id is an HMAC of a fixed label under the key: stable, short, and saying nothing about
 * the key. It is stored in each sealed value, so values sealed before a rotation still open with
 * the previous key, and `needsReseal` finds them.
 */
export function dataKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('linli data key id').digest('base64url').slice(0, 8);
}

/**
 * Seals and opens strings. The `context` (e.g. `xianlin/households/HH-7Q3K9/personal`) is
 * authenticated but not stored: a sealed value copied to another row or community fails to open,
 * so ciphertexts cannot be swapped between households.
 *
 * Format: `v1.<key id>.<nonce>.<ciphertext and tag>`, base64url parts.
 */
export class Sealer {
  private readonly current: DataKey;
  private readonly keys: ReadonlyMap<string, DataKey>;

  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    for (const key of [currentKey, ...previousKeys]) {
      if (key.length !== keyBytes) throw new Error(`a data key must be ${keyBytes} bytes`);
    }
    this.current = { id: dataKeyId(currentKey), key: currentKey };
    this.keys = new Map([
      ...previousKeys.map((key) => [dataKeyId(key), { id: dataKeyId(key), key }] as const),
      [this.current.id, this.current],
    ]);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string, context: string): string {
    const data = Buffer.from(plaintext, 'utf8');
    if (data.length > sealedPlaintextBytesMax) throw new Error(`sealed values are at most ${sealedPlaintextBytesMax} bytes`);
    const nonce = randomBytes(nonceBytes);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, nonce, { authTagLength: tagBytes });
    cipher.setAAD(aad(this.current.id, context));
    const body = Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    return [formatVersion, this.current.id, nonce.toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    const [version, keyId, nonceText, bodyText] = parts;
    if (parts.length !== 4 || version !== formatVersion || keyId === undefined || nonceText === undefined || bodyText === undefined) {
      throw new SealedDataError('not a sealed value');
    }
    const dataKey = this.keys.get(keyId);
    if (dataKey === undefined) throw new SealedDataError(`sealed with key ${keyId}, which this process does not hold`);
    const nonce = Buffer.from(nonceText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (nonce.length !== nonceBytes || body.length < tagBytes) throw new SealedDataError('sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', dataKey.key, nonce, { authTagLength: tagBytes });
    decipher.setAAD(aad(keyId, context));
    decipher.setAuthTag(body.subarray(body.length - tagBytes));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - tagBytes)), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedDataError('sealed value does not authenticate (wrong key, wrong context, or altered)');
    }
  }

  /** True when the value was sealed with an older key and should be sealed again with the current one. */
  needsReseal(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${formatVersion}.${keyId}.${context}`, 'utf8');
}

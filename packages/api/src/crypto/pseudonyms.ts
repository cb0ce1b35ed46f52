// Pseudonyms: how a person appears where their identity must not go — to auditors, and in another
// community's books — and the ids of transfers between communities, which both communities keep.
//
// A pseudonym is an HMAC of the user id under a key derived from the data key (HKDF-SHA-256, its
// own label, so the key sealing personal data is never used for this): stable for a person within
// one viewing community, different in each community (two communities cannot match their lists),
// and not reversible without the service's key — a user id is, by anyone who can read `users`.
// A new data key gives everyone new pseudonyms; transfer ids made under previous keys are still
// found (`transferIds`).
import { createHmac, hkdfSync } from 'node:crypto';

/** `p-` and 16 characters of Crockford's base-32 (80 bits): never mistaken for a user id (`u-…`). */
export const pseudonymPattern = /^p-[0-9a-hjkmnp-tv-z]{16}$/;

const crockford = '0123456789abcdefghjkmnpqrstvwxyz';

/** The first `length` base-32 digits of `bytes` (5 bits each). */
function base32(bytes: Buffer, length: number): string {
  let text = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && text.length < length) {
      text += crockford[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (text.length === length) break;
  }
  return text;
}

function derive(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, 'linli', 'linli pseudonyms v1', 32));
}

export class Pseudonyms {
  private readonly current: Buffer;
  private readonly previous: readonly Buffer[];

  constructor(dataKey: Buffer, previousDataKeys: readonly Buffer[] = []) {
    this.current = derive(dataKey);
    this.previous = previousDataKeys.map(derive);
  }

  /** The person `userId` as the community `viewer` sees them: `p-7q3k9x2m4b8c1d0e`. */
  person(viewer: string, userId: string): string {
    return `p-${base32(createHmac('sha256', this.current).update(`person\u0000${viewer}\u0000${userId}`).digest(), 16)}`;
  }

  /**
   * The id of a transfer `userId` sends from `community` with an Idempotency-Key, under the
   * current key first, then under each previous key: `xfer:<40 hex>`, which names nobody in the
   * receiving community's books (the old form, `xfer:<user id>:<digest>`, did).
   */
  transferIds(community: string, userId: string, idempotencyKey: string): string[] {
    return [this.current, ...this.previous].map(
      (key) =>
        `xfer:${createHmac('sha256', key).update(`transfer\u0000${community}\u0000${userId}\u0000${idempotencyKey}`).digest('hex').slice(0, 40)}`,
    );
  }
}

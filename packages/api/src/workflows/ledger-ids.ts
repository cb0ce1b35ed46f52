// Ledger ids derived from a request's Idempotency-Key, so that a retried request names the same
// transaction and the ledger, not only the key store, makes sure it takes effect once.
import { createHash } from 'node:crypto';

/**
 * Hex characters of the key's SHA-256 kept in an id: 160 bits. The key itself may hold characters
 * the ledger refuses in ids (`_`, `~`, spaces are not allowed; keys are any visible ASCII) and may
 * be 128 characters long, so it is hashed rather than copied.
 */
const keyDigestLength = 40;

export function keyDigest(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, keyDigestLength);
}

/** `gift/<user>/<digest>`: an hour gift sent by `userId` (the giver, or whoever acted for them). */
export function giftTransactionId(userId: string, idempotencyKey: string): string {
  return `gift/${userId}/${keyDigest(idempotencyKey)}`;
}

/**
 * `xfer:<user>:<digest>`: the id transfers between communities had before they were named by
 * `Pseudonyms.transferIds` (`xfer:<40 hex>`). It carried the sender's user id into the receiving
 * community's books, so it is no longer given; it is kept so that a transfer begun under it (a
 * retry after a crash) resumes under it, and its ids still resolve. Colons rather than slashes,
 * so that an id fits one path segment of `GET /api/v1/clearing/transfers/:id` without encoding.
 */
export function legacyTransferId(userId: string, idempotencyKey: string): string {
  return `xfer:${userId}:${keyDigest(idempotencyKey)}`;
}

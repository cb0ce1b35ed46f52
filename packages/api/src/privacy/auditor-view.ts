// What auditors read: every person as a pseudonym (crypto/pseudonyms.ts), never a user id or a
// name (DESIGN.md: "auditors see pseudonyms"). Auditors check the books, not who was served.
//
// Ids are replaced where the answer leaves the service (every JSON answer, the journal export,
// the certificate page), not route by route, so a new route cannot let one through; names are
// left out where they are read (service records, certificates, the audit log's usernames). The
// auditor's own id stays: it is theirs. What an auditor sends back (an account id from a list, a
// page cursor) is read with `fromAuditorView`, so `member/p-…/hours` opens that member's account.
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import type { Pseudonyms } from '../crypto/pseudonyms.js';
import { userIdInText } from '../random-ids.js';

export function isAuditor(principal: Principal | undefined): principal is Principal {
  return principal?.role === 'auditor';
}

/**
 * `text` with every user id but the auditor's own replaced by its pseudonym in their community.
 * `known` keeps the pseudonyms made, for a long answer written in parts (the journal export), so
 * each person costs one HMAC rather than one per posting.
 */
export function pseudonymizeUserIds(text: string, pseudonyms: Pseudonyms, auditor: Principal, known = new Map<string, string>()): string {
  return text.replace(userIdInText, (userId) => {
    if (userId === auditor.userId) return userId;
    let pseudonym = known.get(userId);
    if (pseudonym === undefined) {
      pseudonym = pseudonyms.person(auditor.community, userId);
      known.set(userId, pseudonym);
    }
    return pseudonym;
  });
}

const pseudonymInText = /(?<![A-Za-z0-9])p-[0-9a-hjkmnp-tv-z]{16}(?![A-Za-z0-9])/g;

/**
 * A value an auditor sent, with the pseudonyms of their community's users turned back into user
 * ids (a pseudonym is not reversible, so the community's users are tried: a few thousand HMACs).
 * Anything else, and the values others send, are returned as they are.
 */
export async function fromAuditorView(db: Knex, pseudonyms: Pseudonyms, principal: Principal, value: string): Promise<string> {
  if (!isAuditor(principal) || value.search(pseudonymInText) === -1) return value;
  const users = (await db('users').select('id').where({ community_id: principal.community })) as { id: string }[];
  const byPseudonym = new Map(users.map((user) => [pseudonyms.person(principal.community, user.id), user.id]));
  return value.replace(pseudonymInText, (pseudonym) => byPseudonym.get(pseudonym) ?? pseudonym);
}

// Floors: a lower bound on an account's available balance that one write carries, checked by
// the ledger's write functions in the same step as the account's limits.
//
// Why: some rules about balances hold for one kind of write only. A member's hour account may go
// into overdraft to receive service (its lower limit), but hours given away, sent to another
// community or redeemed for goods must have been banked; read first and posted after, two such
// writes at once each saw the same hours and both went through. A floor on the posting (or the
// hold) makes the rule part of the write: checked under the community's head lock, with the
// limits, so no other write comes between the check and the posting.
//
// The write functions of version 1 are frozen; this migration replaces linli_post,
// linli_post_all and linli_hold_create with version 2 (`ledger-functions-v2.ts`), and `down`
// puts version 1 back. Nothing is stored: a floor is never recorded, so no table changes.
import type { Knex } from 'knex';
import { ledgerFunctions } from './ledger-functions-v1.js';
import { ledgerFunctionsV2 } from './ledger-functions-v2.js';

const replaced = ['linli_post', 'linli_post_all', 'linli_hold_create'];

export async function up(knex: Knex): Promise<void> {
  for (const statement of ledgerFunctionsV2) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const name of replaced) {
    const version1 = ledgerFunctions.find((statement) => statement.startsWith(`create function ${name}(`));
    if (version1 === undefined) throw new Error(`assertion: version 1 of ${name} is in ledger-functions-v1.ts`);
    await knex.raw(version1.replace('create function', 'create or replace function'));
  }
}

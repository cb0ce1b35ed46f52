// `linli verify`: the tamper check from the command line, for every community or one; the exit
// code says whether every journal verifies, so a cron job or a monitor can act on it.
import { Ledger, PostgresStore } from '@linli/ledger';
import { findCommunity } from '../communities.js';
import { OperationRefusal } from '../operations/operation-refusal.js';
import { operatorActor } from '../operations/community-setup.js';
import { checkAllCommunities, checkCommunity, type TamperCheckStatus } from '../operations/tamper-check.js';
import { exitCodes } from './cli-io.js';
import { databaseUrlOption, optionalOption, withDatabase, type Command } from './command.js';
import { startProgress } from './progress.js';

function line(status: TamperCheckStatus): string {
  if (status.ok) return `${status.community}\tok\t${status.transactions} transactions\n`;
  const bad = status.firstBad;
  return `${status.community}\tDOES NOT VERIFY\tfirst bad entry: seq ${bad?.seq ?? '?'} ${bad?.id === '' ? '' : `(${bad?.id ?? ''}) `}${bad?.reason ?? ''}, after ${status.transactions} good transactions\n`;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check every community's journal hash chain (tamper check); exit 3 if one does not verify",
  help: `Options:
  --community CODE     only this community
  --database-url URL   the database (default: DATABASE_URL, else the embedded database in LINLI_DATA_DIR if set; with neither, the command refuses)

Recomputes each journal's hash chain, the balance after every posting and the stored balances,
as GET /api/v1/audit/verify does, prints one line per community, and records the result where
admins and auditors see it (GET /api/v1/audit/tamper-check); a failure is audit-logged.
Exit code 0 when every journal verifies, 3 when one does not.`,
  options: { community: { type: 'string' }, ...databaseUrlOption },
  run: async (values, io) => {
    const only = optionalOption(values, 'community');
    const results = await withDatabase(io, values, async (database) => {
      const deps = { knex: database.knex, ledger: new Ledger({ store: new PostgresStore(database.knex, database.kind) }), now: io.now };
      if (only !== undefined) {
        const known =
          (await findCommunity(database.knex, only)) !== undefined ||
          (await deps.ledger.store.listCommunities()).some((community) => community.id === only);
        if (!known) throw new OperationRefusal('community_not_found', `there is no community ${JSON.stringify(only.slice(0, 64))}`);
        return [await checkCommunity(deps, only, operatorActor)];
      }
      const total = (await deps.ledger.store.listCommunities()).length;
      const progress = startProgress(io.stderr, 'verifying', total);
      try {
        return await checkAllCommunities(deps, operatorActor, (_status, index) => progress.update(index + 1));
      } finally {
        progress.stop();
      }
    });
    for (const status of results) io.stdout.write(line(status));
    const broken = results.filter((status) => !status.ok).length;
    io.stderr.write(
      broken === 0
        ? `${results.length} ${results.length === 1 ? 'journal verifies' : 'journals verify'}\n`
        : `${broken} of ${results.length} journals DO NOT VERIFY: see docs/OPERATIONS.md, "When the tamper check fails"\n`,
    );
    return broken === 0 ? exitCodes.done : exitCodes.tamperFound;
  },
};

// `linli user reset-password`: a one-time password for a user who must change it at first login.
import { resetPassword } from '../operations/password-reset.js';
import { exitCodes } from './cli-io.js';
import { databaseUrlOption, requiredOption, withDatabase, type Command } from './command.js';

export const userResetPasswordCommand: Command = {
  name: 'user reset-password',
  summary: "give a user a one-time password (e.g. a community's only admin who forgot theirs)",
  help: `Options:
  --community CODE     the user's community
  --username NAME      the user
  --database-url URL   the database (default: DATABASE_URL, else the embedded database in LINLI_DATA_DIR if set; with neither, the command refuses)

Prints a one-time password the user must change at first login; every session of the user ends.
Audited as user.password_reset by the operator.`,
  options: { community: { type: 'string' }, username: { type: 'string' }, ...databaseUrlOption },
  run: async (values, io) => {
    const community = requiredOption(values, 'community');
    const username = requiredOption(values, 'username');
    const reset = await withDatabase(io, values, (database) => resetPassword(database.knex, community, username, io.now()));
    io.stdout.write(
      `one-time password for ${username} of ${community} (${reset.userId}): ${reset.password}\nThey must change it at first login; their sessions have ended.\n`,
    );
    if (reset.disabled) io.stderr.write('note: the account is disabled; an admin enables it (PATCH /api/v1/users/:userId)\n');
    return exitCodes.done;
  },
};

// The options and prompts `linli init` and `linli community create` share: the community and its
// first admin, and how the admin's password is given (or generated) and handed over.
import type { CreatedCommunity, NewCommunity } from '../operations/community-setup.js';
import type { CliIo } from './cli-io.js';
import { askForMissing, readFirstLine, type OptionValues } from './command.js';

export const communityOptions = {
  community: { type: 'string' },
  name: { type: 'string' },
  'admin-username': { type: 'string' },
  'admin-name': { type: 'string' },
  'admin-password-stdin': { type: 'boolean' },
  'database-url': { type: 'string' },
} as const;

export const communityOptionsHelp = `  --community CODE         the code people log in with: lower-case letters, digits, dashes
  --name NAME              the community's name as shown (e.g. 仙林街道仙林社区)
  --admin-username NAME    the first admin's username
  --admin-name NAME        the first admin's display name
  --admin-password-stdin   read the admin's password from the first line of standard input
                           (at least 12 characters, not a common one); without it a one-time
                           password is generated and printed
  --database-url URL       the database (default: DATABASE_URL, else the embedded database in LINLI_DATA_DIR if set; with neither, the command refuses)
Options not given are asked for on the terminal; without one, they are required.`;

export async function readNewCommunity(io: CliIo, values: OptionValues): Promise<NewCommunity> {
  const answers = await askForMissing(io, values, [
    { option: 'community', question: 'Community code (lower-case letters, digits, dashes)' },
    { option: 'name', question: 'Community name' },
    { option: 'admin-username', question: "First admin's username" },
    { option: 'admin-name', question: "First admin's display name" },
  ]);
  const password = values['admin-password-stdin'] === true ? await readFirstLine(io, "the admin's password") : undefined;
  return {
    code: answers['community'] ?? '',
    name: answers['name'] ?? '',
    admin: { username: answers['admin-username'] ?? '', displayName: answers['admin-name'] ?? '', password },
  };
}

/** What the operator hands to the admin; the password is printed once and kept nowhere. */
export function printCreated(io: CliIo, created: CreatedCommunity): void {
  io.stdout.write(
    [
      `created community ${created.community} with its admin ${created.adminUsername} (${created.adminId})`,
      created.generatedPassword ? `one-time password: ${created.password}` : 'password: the one given on standard input',
      'The admin must change it at first login (POST /api/v1/me/password, or the web app asks);',
      'until then the service answers only that and GET /api/v1/me. It is shown only this once.',
      '',
    ].join('\n'),
  );
}

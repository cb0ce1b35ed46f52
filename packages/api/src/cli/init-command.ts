// `linli init`: on an empty production database, the first community and its admin.
import { ConfigError, readConfig } from '../config.js';
import { createCommunityWithAdmin } from '../operations/community-setup.js';
import { createPlatformWithAdmin } from '../operations/platform-setup.js';
import { UnusableError, exitCodes } from './cli-io.js';
import { communityOptions, communityOptionsHelp, printCreated, readNewCommunity } from './community-input.js';
import { withDatabase, type Command } from './command.js';
import { platformOptions, platformOptionsHelp, printPlatformCreated, readNewPlatform } from './platform-input.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'create the first community and its admin on an empty database (once), and the platform with --platform-admin',
  help: `Options:
${communityOptionsHelp}
${platformOptionsHelp}
                              (with --platform-admin: the platform is created too, with a
                              one-time password; without it, add it later with
                              \`linli platform create\`)

Refuses when the database has any community already (use \`linli community create\`). With
NODE_ENV=production it first reads the service's configuration as the service would and refuses
if the service could not start with it (a missing LINLI_DATA_KEY or LINLI_JWT_SECRET), so nobody
is created on an install that cannot run. Everything is one transaction.`,
  options: { ...communityOptions, ...platformOptions },
  run: async (values, io) => {
    if (io.env['NODE_ENV'] === 'production') {
      try {
        readConfig(io.env, io.cwd);
      } catch (error) {
        if (error instanceof ConfigError)
          throw new UnusableError(
            `the service could not start with this configuration, so nothing was created:\n  - ${error.problems.join('\n  - ')}`,
          );
        throw error;
      }
    }
    const input = await readNewCommunity(io, values);
    const platform = await readNewPlatform(io, values, false);
    const created = await withDatabase(io, values, (database) =>
      // One transaction: the community and the platform are both made, or neither (init runs once).
      database.knex.transaction(async (trx) => {
        const community = await createCommunityWithAdmin({ knex: trx, kind: database.kind }, input, { firstOnly: true, now: io.now() });
        const platformCreated =
          platform === undefined ? undefined : await createPlatformWithAdmin({ knex: trx }, platform, { now: io.now() });
        return { community, platformCreated };
      }),
    );
    printCreated(io, created.community);
    if (created.platformCreated !== undefined) printPlatformCreated(io, created.platformCreated);
    return exitCodes.done;
  },
};

export const platformCreateCommand: Command = {
  name: 'platform create',
  summary: 'create the platform above the communities (a street office or district) and its first admin',
  help: `Options:
${platformOptionsHelp}
  --database-url URL          the database (default: DATABASE_URL, else the embedded one)
Options not given are asked for on the terminal; without one, they are required.

The platform admin gets a one-time password to change at first login. Refuses when the platform
exists already (reset its admin with \`linli user reset-password --community platform\`).`,
  options: { ...platformOptions, 'database-url': { type: 'string' } },
  run: async (values, io) => {
    const platform = await readNewPlatform(io, values, true);
    if (platform === undefined) throw new Error('assertion: a required platform is read');
    const created = await withDatabase(io, values, (database) => createPlatformWithAdmin(database, platform, { now: io.now() }));
    printPlatformCreated(io, created);
    return exitCodes.done;
  },
};

export const communityCreateCommand: Command = {
  name: 'community create',
  summary: 'create another community and its first admin',
  help: `Options:
${communityOptionsHelp}

Refuses a community code that is taken. Everything is one transaction.`,
  options: communityOptions,
  run: async (values, io) => {
    const input = await readNewCommunity(io, values);
    const created = await withDatabase(io, values, (database) =>
      createCommunityWithAdmin(database, input, { firstOnly: false, now: io.now() }),
    );
    printCreated(io, created);
    return exitCodes.done;
  },
};

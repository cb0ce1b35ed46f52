// `linli init`: on an empty production database, the first community and its admin.
import { ConfigError, readConfig } from '../config.js';
import { createCommunityWithAdmin } from '../operations/community-setup.js';
import { UnusableError, exitCodes } from './cli-io.js';
import { communityOptions, communityOptionsHelp, printCreated, readNewCommunity } from './community-input.js';
import { withDatabase, type Command } from './command.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'create the first community and its admin on an empty database (once)',
  help: `Options:
${communityOptionsHelp}

Refuses when the database has any community already (use \`linli community create\`). With
NODE_ENV=production it first reads the service's configuration as the service would and refuses
if the service could not start with it (a missing LINLI_DATA_KEY or LINLI_JWT_SECRET), so nobody
is created on an install that cannot run. Everything is one transaction.`,
  options: communityOptions,
  run: async (values, io) => {
    if (io.env['NODE_ENV'] === 'production') {
      try {
        readConfig(io.env, io.cwd);
      } catch (error) {
        if (error instanceof ConfigError) throw new UnusableError(`the service could not start with this configuration, so nothing was created:\n  - ${error.problems.join('\n  - ')}`);
        throw error;
      }
    }
    const input = await readNewCommunity(io, values);
    const created = await withDatabase(io, values, (database) => createCommunityWithAdmin(database, input, { firstOnly: true, now: io.now() }));
    printCreated(io, created);
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
    const created = await withDatabase(io, values, (database) => createCommunityWithAdmin(database, input, { firstOnly: false, now: io.now() }));
    printCreated(io, created);
    return exitCodes.done;
  },
};

// The options `linli init` and `linli platform create` share for the platform above the
// communities (a street office or a district) and its first platform admin.
import type { CreatedPlatform, NewPlatform } from '../operations/platform-setup.js';
import type { CliIo } from './cli-io.js';
import { askForMissing, type OptionValues } from './command.js';

export const platformOptions = {
  'platform-name': { type: 'string' },
  'platform-admin': { type: 'string' },
  'platform-admin-name': { type: 'string' },
} as const;

export const platformOptionsHelp = `  --platform-name NAME        the platform's name as shown (e.g. 仙林街道办事处)
  --platform-admin NAME       the platform admin's username; they log in with the community
                              code "platform", create communities and their admins in the web
  --platform-admin-name NAME  the platform admin's display name`;

/** The platform to create: asked for when `required`, else only when `--platform-admin` is given. */
export async function readNewPlatform(io: CliIo, values: OptionValues, required: boolean): Promise<NewPlatform | undefined> {
  if (!required && values['platform-admin'] === undefined) return undefined;
  const answers = await askForMissing(io, values, [
    { option: 'platform-name', question: 'Platform name (the street office or district)' },
    { option: 'platform-admin', question: "Platform admin's username" },
    { option: 'platform-admin-name', question: "Platform admin's display name" },
  ]);
  return {
    name: answers['platform-name'] ?? '',
    admin: { username: answers['platform-admin'] ?? '', displayName: answers['platform-admin-name'] ?? '' },
  };
}

export function printPlatformCreated(io: CliIo, created: CreatedPlatform): void {
  io.stdout.write(
    [
      `created the platform with its admin ${created.adminUsername} (${created.adminId}); they log in with the community code "${created.platform}"`,
      `one-time password: ${created.password}`,
      'The platform admin must change it at first login. It is shown only this once.',
      '',
    ].join('\n'),
  );
}

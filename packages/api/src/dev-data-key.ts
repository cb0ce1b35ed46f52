// Development only: a data key kept beside the embedded database, so personal data stays readable
// across restarts of `npm start`. It protects nothing (the key lies next to the data); production
// refuses to start without LINLI_DATA_KEY.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataKeyBytes } from './config.js';

export const devDataKeyFileName = 'linli-dev-data-key';

export async function loadOrCreateDevDataKey(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, devDataKeyFileName);
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== dataKeyBytes) throw new Error(`${file} does not hold a ${dataKeyBytes}-byte base64 key`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(dataKeyBytes);
  await mkdir(dataDir, { recursive: true });
  // `wx`: never overwrite a key another process wrote meanwhile.
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

// The service's configuration, read once from environment variables, validated, with safe defaults.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export type NodeEnvironment = 'development' | 'production' | 'test';

/** Where a secret came from: the environment, or generated for this process (never in production). */
export type SecretSource = 'environment' | 'generated';

export interface Config {
  port: number;
  nodeEnv: NodeEnvironment;
  /** The embedded database's folder (absolute); unused when `databaseUrl` is set. */
  dataDir: string;
  /** A PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  jwtSecret: Buffer;
  jwtSecretSource: SecretSource;
  /** The current key for personal data at rest (32 bytes). */
  dataKey: Buffer;
  dataKeySource: SecretSource;
  /** Older data keys, kept only to read values sealed before a key rotation. */
  dataKeysPrevious: Buffer[];
  /** Seed the demo community into an empty database, and let demo accounts log in. */
  demo: boolean;
  /** Express's `trust proxy` setting: `false`, a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string;
  /** Processes serving HTTP on the one port (node:cluster); 1 serves from the main process. */
  workers: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export const jwtSecretBytesMin = 32;
export const dataKeyBytes = 32;
const portDefault = 3000;
export const workersMax = 64;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the configuration. Every problem is collected and reported at once, so that a broken
 * deployment fails at start with one clear message rather than at the first request.
 * Secrets are never defaulted in production: a missing `LINLI_JWT_SECRET` or `LINLI_DATA_KEY`
 * there is an error. Elsewhere a random secret is generated for the process (and the caller
 * logs a warning about it).
 */
export function readConfig(env: Environment = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const nodeEnv = readNodeEnv(env['NODE_ENV'], problems);
  const production = nodeEnv === 'production';

  const port = readPort(env['PORT'], problems);
  const dataDir = resolve(cwd, nonEmpty(env['LINLI_DATA_DIR']) ?? '.linli-data');
  const databaseUrl = readDatabaseUrl(env['DATABASE_URL'], problems);

  const jwtSecretText = nonEmpty(env['LINLI_JWT_SECRET']);
  let jwtSecret: Buffer = randomBytes(jwtSecretBytesMin);
  let jwtSecretSource: SecretSource = 'generated';
  if (jwtSecretText !== undefined) {
    jwtSecret = Buffer.from(jwtSecretText, 'utf8');
    jwtSecretSource = 'environment';
    if (jwtSecret.length < jwtSecretBytesMin) problems.push(`LINLI_JWT_SECRET must be at least ${jwtSecretBytesMin} bytes (e.g. \`openssl rand -base64 48\`)`);
  } else if (production) {
    problems.push('LINLI_JWT_SECRET is required in production (at least 32 bytes, e.g. `openssl rand -base64 48`)');
  }

  const dataKeyText = nonEmpty(env['LINLI_DATA_KEY']);
  let dataKey: Buffer = randomBytes(dataKeyBytes);
  let dataKeySource: SecretSource = 'generated';
  if (dataKeyText !== undefined) {
    const key = readDataKey(dataKeyText, 'LINLI_DATA_KEY', problems);
    if (key !== undefined) dataKey = key;
    dataKeySource = 'environment';
  } else if (production) {
    problems.push('LINLI_DATA_KEY is required in production (32 bytes, base64, e.g. `openssl rand -base64 32`)');
  }
  const dataKeysPrevious = (nonEmpty(env['LINLI_DATA_KEYS_PREVIOUS']) ?? '')
    .split(',')
    .filter((text) => text.trim() !== '')
    .flatMap((text, index) => readDataKey(text.trim(), `LINLI_DATA_KEYS_PREVIOUS[${index}]`, problems) ?? []);

  const demo = readBoolean(env['LINLI_DEMO'], 'LINLI_DEMO', !production, problems);
  const trustProxy = readTrustProxy(env['LINLI_TRUST_PROXY'], problems);
  const workers = readWorkers(env['LINLI_WORKERS'], problems);
  if (workers > 1 && databaseUrl === undefined) problems.push('LINLI_WORKERS above 1 needs DATABASE_URL: the embedded database is opened by one process only');

  if (problems.length > 0) throw new ConfigError(problems);
  return { port, nodeEnv, dataDir, databaseUrl, jwtSecret, jwtSecretSource, dataKey, dataKeySource, dataKeysPrevious, demo, trustProxy, workers };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function readNodeEnv(text: string | undefined, problems: string[]): NodeEnvironment {
  const value = nonEmpty(text) ?? 'development';
  if (value === 'development' || value === 'production' || value === 'test') return value;
  problems.push(`NODE_ENV must be development, production or test, not ${JSON.stringify(value.slice(0, 40))}`);
  return 'development';
}

function readPort(text: string | undefined, problems: string[]): number {
  const value = nonEmpty(text);
  if (value === undefined) return portDefault;
  if (/^\d{1,5}$/.test(value) && Number(value) <= 65_535) return Number(value);
  problems.push(`PORT must be an integer from 0 to 65535, not ${JSON.stringify(value.slice(0, 40))}`);
  return portDefault;
}

function readDatabaseUrl(text: string | undefined, problems: string[]): string | undefined {
  const value = nonEmpty(text);
  if (value === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // Reported below; the URL itself is not echoed, since it may hold a password.
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
    return undefined;
  }
  return value;
}

function readDataKey(text: string, name: string, problems: string[]): Buffer | undefined {
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length === dataKeyBytes) return key;
  problems.push(`${name} must be ${dataKeyBytes} bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  return undefined;
}

function readBoolean(text: string | undefined, name: string, fallback: boolean, problems: string[]): boolean {
  const value = nonEmpty(text)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  problems.push(`${name} must be true or false (1/0, yes/no, on/off)`);
  return fallback;
}

function readTrustProxy(text: string | undefined, problems: string[]): boolean | number | string {
  const value = nonEmpty(text);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  if (/^[A-Za-z0-9.:/, ]{1,500}$/.test(value)) return value;
  problems.push('LINLI_TRUST_PROXY must be true, false, a hop count, or a list of addresses (see Express `trust proxy`)');
  return false;
}

/** `auto` is one worker per CPU the process may use. */
function readWorkers(text: string | undefined, problems: string[]): number {
  const value = nonEmpty(text);
  if (value === undefined) return 1;
  if (value === 'auto') return Math.min(workersMax, availableParallelism());
  if (/^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= workersMax) return Number(value);
  problems.push(`LINLI_WORKERS must be auto or an integer from 1 to ${workersMax}`);
  return 1;
}

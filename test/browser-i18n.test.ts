// The web app's two message catalogues: the same keys with the same placeholders, every key the
// code uses present, every key used, and every api error code translated. No browser needed.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiErrorCodes, csvFileProblems } from '@linli/api';
import { describe, expect, it } from 'vitest';

const webSource = fileURLToPath(new URL('../packages/web/src/', import.meta.url));

async function catalogue(name: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(webSource, 'i18n', `${name}.json`), 'utf8')) as Record<string, string>;
}

async function sources(): Promise<string[]> {
  const entries = await readdir(webSource, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

/** Keys written out in the code: t('…'), and the MessageKey-typed options (label, hint, title…). */
const literalKeyPatterns = [
  /\bt\(\s*'([^']+)'/g,
  /\b(?:label|hint|title|submitLabel)\s*:\s*'([^']+)'/g,
  /\b(?:pageHeader|pendingPart)\(\s*'([^']+)'(?:\s*,\s*'([^']+)')?/g,
];
/** Keys built at run time: t(`kind.${…}`) and `error.${…}` looked up with isMessageKey. */
const dynamicPrefixPattern = /`([a-zA-Z]+(?:\.[a-zA-Z]+)*)\.\$\{/g;

describe('web message catalogues', () => {
  it('zh-CN and en have the same keys, the same placeholders, and no empty message', async () => {
    const zh = await catalogue('zh-CN');
    const en = await catalogue('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, message] of Object.entries(zh)) {
      expect(message.trim(), key).not.toBe('');
      expect(en[key]?.trim(), key).not.toBe('');
      expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(message));
    }
  });

  it('every key the code uses is in the catalogue, and every catalogue key is used', async () => {
    const zh = await catalogue('zh-CN');
    const keys = new Set(Object.keys(zh));
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const text of await sources()) {
      for (const pattern of literalKeyPatterns) {
        for (const match of text.matchAll(pattern))
          for (const key of match.slice(1)) if (key !== undefined && /^[a-zA-Z]+(\.[a-zA-Z0-9_]+)+$/.test(key)) used.add(key);
      }
      for (const match of text.matchAll(dynamicPrefixPattern)) prefixes.add(`${match[1]}.`);
    }
    const missing = [...used].filter((key) => !keys.has(key));
    expect(missing).toEqual([]);
    for (const prefix of prefixes)
      expect(
        [...keys].some((key) => key.startsWith(prefix)),
        prefix,
      ).toBe(true);
    const unused = [...keys].filter((key) => !used.has(key) && ![...prefixes].some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });

  it('every error code of the api has words in both languages', async () => {
    const zh = await catalogue('zh-CN');
    const en = await catalogue('en');
    const untranslated = apiErrorCodes.filter((code) => zh[`error.${code}`] === undefined || en[`error.${code}`] === undefined);
    expect(untranslated).toEqual([]);
  });

  it('every problem a CSV file can have (csv_malformed’s codes) has words in both languages, not the parser’s English', async () => {
    const zh = await catalogue('zh-CN');
    const en = await catalogue('en');
    const untranslated = csvFileProblems.filter(
      (code) => zh[`fieldProblem.${code}`] === undefined || en[`fieldProblem.${code}`] === undefined,
    );
    expect(untranslated).toEqual([]);
  });
});

// .env.example lists every setting the service and the command line read, and only those.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceFolder = fileURLToPath(new URL('../src/', import.meta.url));
const example = readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8');

/** Every `env['NAME']` the api's sources (not tests) read, but those the cluster primary sets for its workers. */
function variablesRead(folder: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) {
      for (const name of variablesRead(path)) names.add(name);
    } else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !path.includes('test-support')) {
      for (const match of readFileSync(path, 'utf8').matchAll(/env\['([A-Z_]+)'\]/g)) if (match[1] !== undefined) names.add(match[1]);
    }
  }
  return names;
}

describe('.env.example', () => {
  it('lists every setting read, each once, and nothing else', () => {
    const listed = [...example.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    const read = [...variablesRead(sourceFolder)].filter((name) => !name.startsWith('LINLI_CLUSTER_') && name !== 'LINLI_WORKER_INDEX');
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(read.sort());
  });
});

// The arrows between the packages: the contract loads in a browser (zod and its own modules, no
// node), and the web takes the api's shapes from the contract alone, never from the api package.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function sources(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'dist' && entry.name !== 'node_modules') found.push(...(await sources(path)));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** Every module a file imports or re-exports, statically or dynamically. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b(?:from|import)\s*\(?\s*'([^']+)'/g)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

/** `file: specifier` for each import of the files under `folder` that `allowed` refuses. */
async function importsRefused(folder: string, allowed: (specifier: string, file: string) => boolean): Promise<string[]> {
  const refused: string[] = [];
  for (const file of await sources(folder)) {
    for (const specifier of specifiers(await readFile(file, 'utf8')))
      if (!allowed(specifier, file)) refused.push(`${relative(root, file)}: ${specifier}`);
  }
  return refused;
}

describe('the contract between the api and the web', () => {
  it('imports zod and its own modules only', async () => {
    const folder = join(root, 'packages/contract/src');
    const refused = await importsRefused(
      folder,
      (specifier, file) => specifier === 'zod' || (specifier.startsWith('.') && resolve(dirname(file), specifier).startsWith(folder)),
    );
    expect(refused).toEqual([]);
    const manifest = JSON.parse(await readFile(join(root, 'packages/contract/package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['zod']);
  });

  it('bundles for a browser, where no node built-in exists', async () => {
    // esbuild refuses a node built-in on the browser platform, which would break the web's bundle.
    const result = await build({
      entryPoints: [join(root, 'packages/contract/src/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const [output] = result.outputFiles;
    expect(output?.text).toContain('route_not_found');
  });

  it('is the only way the web knows the api: nothing in the web imports the api package or its files', async () => {
    const web = join(root, 'packages/web');
    const refused = await importsRefused(
      web,
      (specifier, file) =>
        !specifier.startsWith('@linli/api') && (!specifier.startsWith('.') || resolve(dirname(file), specifier).startsWith(web)),
    );
    expect(refused).toEqual([]);
    const manifest = JSON.parse(await readFile(join(web, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) => name.startsWith('@linli/'))).toEqual([
      '@linli/contract',
    ]);
  });

  it('finds an import of the api in a web file (the check can fail)', () => {
    expect(
      specifiers(
        "import { ApiError } from '@linli/api';\nexport { x } from '../../api/src/routes/index.js';\nconst y = await import('./z.js');",
      ),
    ).toEqual(['@linli/api', '../../api/src/routes/index.js', './z.js']);
  });
});

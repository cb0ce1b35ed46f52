// No package imports itself round in a circle: every TypeScript file of every package (sources,
// tests, build scripts) is read with dpdm, type-only imports included, and any cycle fails the
// test with its files named. A cycle makes the order modules load in matter, and a layer that
// imports the one that imports it is no layer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each package's folder and the globs of its TypeScript files. */
const packages: readonly { name: string; folder: string; files: string[] }[] = [
  { name: '@linli/contract', folder: 'packages/contract', files: ['src/**/*.ts'] },
  { name: '@linli/ledger', folder: 'packages/ledger', files: ['src/**/*.ts'] },
  { name: '@linli/matching', folder: 'packages/matching', files: ['src/**/*.ts'] },
  { name: '@linli/api', folder: 'packages/api', files: ['src/**/*.ts', 'test/**/*.ts'] },
  { name: '@linli/web', folder: 'packages/web', files: ['src/**/*.ts', 'build/*.ts', 'worker/*.ts'] },
  { name: '@linli/test', folder: 'test', files: ['**/*.ts'] },
];

/**
 * The import cycles among the files the globs match, each as the files along it. A relative
 * import that does not resolve fails the test: it would hide a cycle.
 */
async function cyclesOf(folder: string, files: readonly string[]): Promise<string[][]> {
  const tree = await parseDependencyTree([...files], {
    context: folder,
    cwd: folder,
    // The package's own compiler options, so `./x.js` finds `x.ts` as tsc does.
    tsconfig: path.join(folder, 'tsconfig.json'),
    transform: false,
    skipDynamicImports: false,
    // Other packages are reached through node_modules: each is checked on its own.
    exclude: /(^|\/)(node_modules|dist)\//,
  });
  const unresolved = Object.values(tree).flatMap((dependencies) =>
    (dependencies ?? []).filter((dependency) => dependency.request.startsWith('.') && dependency.id === null),
  );
  expect(unresolved.map((dependency) => `${dependency.issuer}: ${dependency.request}`)).toEqual([]);
  return parseCircular(tree).map((cycle) => cycle.map((file) => path.relative(root, path.resolve(folder, file))));
}

describe('import cycles', () => {
  for (const { name, folder, files } of packages) {
    it(`${name} has none`, async () => {
      expect(await cyclesOf(path.join(root, folder), files)).toEqual([]);
    });
  }

  it('a cycle is found, through a type-only import too', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'linli-cycles-'));
    try {
      await writeFile(
        path.join(scratch, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
      );
      await writeFile(path.join(scratch, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b: B }\n");
      await writeFile(path.join(scratch, 'b.ts'), "import type { A } from './a.js';\nexport interface B { a?: A }\n");
      await writeFile(path.join(scratch, 'c.ts'), "import type { A } from './a.js';\nexport type C = A;\n");
      const cycles = await cyclesOf(scratch, ['*.ts']);
      expect(cycles.map((cycle) => cycle.map((file) => path.basename(file)).sort())).toEqual([['a.ts', 'b.ts']]);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

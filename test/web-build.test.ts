// The web app's production build: hashed files the shell points at, precompressed copies that
// decode to the same bytes, a service worker that stores them all, and a check that refuses a
// bundle the target browsers could not run.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, checkTargets, type WebBuild } from '@linli/web/build';

let scratch: string;
let built: WebBuild;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'linli-web-build-'));
  built = await buildWeb({ outDir: join(scratch, 'site') });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the production build', () => {
  it('names every asset by its content and points the shell at the script, stylesheet and manifest', async () => {
    for (const path of [built.script, built.stylesheet, built.manifest])
      expect(path).toMatch(/^\/assets\/[a-z0-9-]+-[A-Za-z0-9]{8,}\.(js|css|webmanifest)$/);
    const shell = await readFile(join(built.outDir, 'index.html'), 'utf8');
    expect(shell).toContain(`<script type="module" src="${built.script}"></script>`);
    expect(shell).toContain(`<link rel="stylesheet" href="${built.stylesheet}">`);
    expect(shell).toContain(`<link rel="manifest" href="${built.manifest}">`);
    expect(shell).not.toContain('/dist/main.js');
  });

  it('bundles the app into one minified script that holds both catalogues', async () => {
    const scripts = built.files.filter((file) => file.path.endsWith('.js') && file.path.startsWith('/assets/'));
    expect(scripts.map((file) => file.path)).toEqual([built.script]);
    const script = await readFile(join(built.outDir, built.script), 'utf8');
    // Minified: no indentation, so lines are long (the few newlines left are inside template strings).
    expect(script.length / script.split('\n').length).toBeGreaterThan(5_000);
    // Chinese stays UTF-8 (not \u escapes), and the English catalogue is there for the switch.
    // (includes, not toContain: a failure would print the whole bundle.)
    expect(script.includes('"跳到主要内容"')).toBe(true);
    expect(script.includes('"Skip to main content"')).toBe(true);
  });

  it('writes brotli and gzip copies that decode to the very bytes of each text file', async () => {
    const texts = built.files.filter((file) => /\.(html|js|css|webmanifest)$/.test(file.path));
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const file of texts) {
      const original = await readFile(join(built.outDir, file.path));
      expect(file.brotliBytes, file.path).toBeLessThan(original.length);
      expect(brotliDecompressSync(await readFile(join(built.outDir, `${file.path}.br`))).equals(original)).toBe(true);
      expect(gunzipSync(await readFile(join(built.outDir, `${file.path}.gz`))).equals(original)).toBe(true);
    }
    const script = built.files.find((file) => file.path === built.script);
    // The budget behind the first-load target: the script is most of what a phone downloads.
    expect(script?.brotliBytes).toBeLessThan(80_000);
  });

  it('gives the service worker the shell and the files it needs, and a version that names its cache', async () => {
    const worker = await readFile(join(built.outDir, 'sw.js'), 'utf8');
    expect(built.precache).toContain('/');
    for (const path of built.precache) expect(worker).toContain(JSON.stringify(path));
    expect(worker).toContain(built.version);
    const manifest = JSON.parse(await readFile(join(built.outDir, built.manifest), 'utf8')) as {
      icons: { src: string; sizes: string }[];
      start_url: string;
    };
    expect(manifest.start_url).toBe('/#/');
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    // Icons are built beside it for installing; the worker stores only what opening the app needs.
    for (const icon of manifest.icons) expect(built.files.map((file) => file.path)).toContain(icon.src);
    expect(built.precache).toEqual([
      '/',
      built.script,
      built.stylesheet,
      built.manifest,
      expect.stringMatching(/^\/assets\/icon-[A-Za-z0-9]+\.svg$/),
    ]);
  });

  it('gives the same names to the same sources, so a rebuild does not empty phones’ caches', async () => {
    const again = await buildWeb({ outDir: join(scratch, 'again') });
    expect([again.script, again.stylesheet, again.manifest, again.version]).toEqual([
      built.script,
      built.stylesheet,
      built.manifest,
      built.version,
    ]);
  });
});

describe('the check against the target browsers', () => {
  it('refuses a built-in the oldest target lacks, and accepts the same code without it', async () => {
    await writeFile(join(scratch, 'new.js'), 'export const own = (record, key) => Object.hasOwn(record, key);\n');
    await writeFile(join(scratch, 'old.js'), 'export const own = (record, key) => Object.prototype.hasOwnProperty.call(record, key);\n');
    expect(() => checkTargets(scratch, ['/new.js'])).toThrow(/ObjectHasOwn/);
    expect(() => checkTargets(scratch, ['/old.js'])).not.toThrow();
  });
});

// The production build of the web app: one minified bundle and stylesheet with content-hashed
// names, the HTML shell pointing at them, the web app manifest and icons, the service worker with
// its precache list, and brotli and gzip copies of every text file, checked against the oldest
// browsers the app supports.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build, type BuildResult as EsbuildResult } from 'esbuild';
import { browserslistQuery, esbuildTargets, targetsText } from './targets.js';

export interface BuildOptions {
  /** The folder to write; whatever was there is replaced once the new build is complete. */
  outDir: string;
  /** Readable output with source maps, for working on the app; the same files otherwise. */
  development?: boolean;
}

/** One file of the build, by the URL path it is served at. */
export interface BuiltFile {
  path: string;
  bytes: number;
  /** Sizes of the precompressed copies, when the build wrote them (only where they are smaller). */
  brotliBytes: number | undefined;
  gzipBytes: number | undefined;
}

export interface WebBuild {
  outDir: string;
  /** `/assets/main-….js`: the app's one script. */
  script: string;
  stylesheet: string;
  manifest: string;
  /** What the service worker stores at install: the shell and every asset. */
  precache: readonly string[];
  /** Changes whenever any precached file does: the service worker's cache name ends in it. */
  version: string;
  files: readonly BuiltFile[];
}

/** The folder of the @linli/web package, from this file's place in `build/` or `build/dist/`. */
export function webPackageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('assertion: the build script lies inside the @linli/web package');
    folder = parent;
  }
  return folder;
}

/** Where `npm run build` writes and the api serves from unless LINLI_WEB_DIR says otherwise. */
export function siteDirDefault(): string {
  return join(webPackageRoot(), 'site');
}

/** Files sent as text, and so worth compressing; images are compressed already. */
const compressedExtensions = new Set(['.html', '.js', '.css', '.svg', '.webmanifest', '.json', '.map']);

/** Below this a compressed copy saves less than its Content-Encoding header costs. */
const compressionBytesMin = 256;

const icons = [
  { source: 'favicon.svg', name: 'icon', extension: '.svg' },
  { source: 'icons/icon-192.png', name: 'icon-192', extension: '.png' },
  { source: 'icons/icon-512.png', name: 'icon-512', extension: '.png' },
  { source: 'icons/icon-maskable-512.png', name: 'icon-maskable-512', extension: '.png' },
] as const;

/** The brand red of the stylesheet's `--accent`, for the browser's address bar and splash screen. */
const themeColour = '#a1251b';
const backgroundColour = '#f7f5f2';

export async function buildWeb(options: BuildOptions): Promise<WebBuild> {
  const root = webPackageRoot();
  const development = options.development === true;
  const staging = `${options.outDir}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'assets'), { recursive: true });
  try {
    const script = await bundle(join(root, 'src', 'main.ts'), staging, development, 'esm');
    const stylesheet = await bundle(join(root, 'public', 'app.css'), staging, development, undefined);
    checkTargets(staging, [script]);

    const iconPaths = new Map<string, string>();
    for (const icon of icons)
      iconPaths.set(icon.source, await copyHashed(join(root, 'public', icon.source), staging, icon.name, icon.extension));
    const manifest = await writeHashed(
      staging,
      'manifest',
      '.webmanifest',
      JSON.stringify(webManifest(iconPaths), null, development ? 2 : 0),
    );

    const template = await readFile(join(root, 'public', 'index.html'), 'utf8');
    const shell = shellHtml(template, {
      script,
      stylesheet,
      manifest,
      favicon: need(iconPaths, 'favicon.svg'),
      touchIcon: need(iconPaths, 'icons/icon-192.png'),
    });
    await writeFile(join(staging, 'index.html'), shell);

    // The PNG icons are for installing (the browser fetches them then), not for opening offline:
    // storing them too would add a third to the first visit's bytes.
    const precache = ['/', script, stylesheet, manifest, need(iconPaths, 'favicon.svg')];
    const version = createHash('sha256').update(shell).update(precache.join('\n')).digest('hex').slice(0, 16);
    await bundleServiceWorker(join(root, 'worker', 'service-worker.ts'), join(staging, 'sw.js'), development, precache, version);
    checkTargets(staging, ['/sw.js']);

    const files = await compressAll(staging);
    await rm(options.outDir, { recursive: true, force: true });
    await rename(staging, options.outDir);
    return { outDir: options.outDir, script, stylesheet, manifest, precache, version, files };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Bundles one entry into `assets/`, named by its content; returns the URL path of the output. */
async function bundle(entry: string, outDir: string, development: boolean, format: 'esm' | undefined): Promise<string> {
  const result: EsbuildResult<{ metafile: true }> = await build({
    entryPoints: [entry],
    bundle: true,
    ...(format === undefined ? {} : { format }),
    target: [...esbuildTargets],
    minify: !development,
    sourcemap: development ? 'linked' : false,
    // Chinese text as UTF-8 rather than \u escapes: a third smaller before compression.
    charset: 'utf8',
    legalComments: 'none',
    entryNames: '[name]-[hash]',
    outdir: join(outDir, 'assets'),
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([, output]) => output.entryPoint !== undefined);
  const [output] = outputs;
  if (outputs.length !== 1 || output === undefined) throw new Error(`assertion: ${entry} bundles to one file, not ${outputs.length}`);
  return urlPath(outDir, output[0]);
}

async function bundleServiceWorker(
  entry: string,
  outfile: string,
  development: boolean,
  precache: readonly string[],
  version: string,
): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    target: [...esbuildTargets],
    minify: !development,
    charset: 'utf8',
    legalComments: 'none',
    outfile,
    define: { LINLI_PRECACHE: JSON.stringify(precache), LINLI_VERSION: JSON.stringify(version) },
    logLevel: 'silent',
  });
}

/**
 * Fails the build when a script needs more than the target browsers have. esbuild already refuses
 * syntax it cannot lower to them; es-check also finds built-ins they lack (`Object.hasOwn`,
 * `Array.prototype.at`, …), which no bundler rewrites. DOM APIs are beyond both (see CONTEXT.md).
 */
export function checkTargets(outDir: string, paths: readonly string[]): void {
  const require = createRequire(import.meta.url);
  // Its command line, as its documentation gives it; its package exports no path to the file.
  const cli = join(dirname(require.resolve('es-check')), 'cli', 'index.js');
  const files = paths.map((path) => join(outDir, path));
  const result = spawnSync(
    process.execPath,
    [cli, 'checkBrowser', ...files, '--module', '--checkFeatures', `--browserslistQuery=${browserslistQuery}`, '--noColor'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    const said = `${result.stdout}\n${result.stderr}`
      .split('\n')
      .filter((line) => line.includes('error') || line.includes('Unsupported'))
      .slice(0, 10)
      .join('\n');
    throw new Error(`the web bundle needs more than ${targetsText}:\n${said}`);
  }
}

async function copyHashed(source: string, outDir: string, name: string, extension: string): Promise<string> {
  const bytes = await readFile(source);
  const path = join(outDir, 'assets', `${name}-${contentHash(bytes)}${extension}`);
  await copyFile(source, path);
  return urlPath(outDir, path);
}

async function writeHashed(outDir: string, name: string, extension: string, text: string): Promise<string> {
  const path = join(outDir, 'assets', `${name}-${contentHash(Buffer.from(text))}${extension}`);
  await writeFile(path, text);
  return urlPath(outDir, path);
}

function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 10).replace(/[-_]/g, 'x');
}

function urlPath(outDir: string, file: string): string {
  return `/${relative(outDir, file).split('\\').join('/')}`;
}

function need(paths: ReadonlyMap<string, string>, source: string): string {
  const path = paths.get(source);
  if (path === undefined) throw new Error(`assertion: ${source} was copied`);
  return path;
}

/** What makes the app installable: names, start page, colours and icons (a maskable one for Android's shapes). */
function webManifest(iconPaths: ReadonlyMap<string, string>): Record<string, unknown> {
  return {
    name: '邻里 Linli',
    short_name: '邻里',
    description: '社区时间银行与慈善账本 · community time bank and charity ledger',
    lang: 'zh-CN',
    start_url: '/#/',
    scope: '/',
    display: 'standalone',
    background_color: backgroundColour,
    theme_color: themeColour,
    icons: [
      { src: need(iconPaths, 'icons/icon-192.png'), sizes: '192x192', type: 'image/png' },
      { src: need(iconPaths, 'icons/icon-512.png'), sizes: '512x512', type: 'image/png' },
      { src: need(iconPaths, 'icons/icon-maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: need(iconPaths, 'favicon.svg'), sizes: 'any', type: 'image/svg+xml' },
    ],
  };
}

interface ShellLinks {
  script: string;
  stylesheet: string;
  manifest: string;
  favicon: string;
  touchIcon: string;
}

/**
 * The shell from `public/index.html`, its script, stylesheet and icon pointed at the hashed files.
 * Each line is replaced exactly once, so an edited template that loses one fails the build.
 */
export function shellHtml(template: string, links: ShellLinks): string {
  const replacements: [string, string][] = [
    [
      '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
      `<link rel="icon" href="${links.favicon}" type="image/svg+xml">\n  <link rel="apple-touch-icon" href="${links.touchIcon}">\n  <link rel="manifest" href="${links.manifest}">\n  <meta name="theme-color" content="${themeColour}">`,
    ],
    ['<link rel="stylesheet" href="/app.css">', `<link rel="stylesheet" href="${links.stylesheet}">`],
    ['<script type="module" src="/dist/main.js"></script>', `<script type="module" src="${links.script}"></script>`],
  ];
  let html = template;
  for (const [from, to] of replacements) {
    const parts = html.split(from);
    if (parts.length !== 2) throw new Error(`public/index.html must hold ${from} exactly once (found ${parts.length - 1})`);
    html = parts.join(to);
  }
  return html;
}

/** Writes `.br` (quality 11) and `.gz` (level 9) beside each text file where they are smaller. */
async function compressAll(outDir: string): Promise<BuiltFile[]> {
  const files: BuiltFile[] = [];
  for (const file of await listFiles(outDir)) {
    const bytes = await readFile(file);
    const extension = file.slice(file.lastIndexOf('.'));
    let brotliBytes: number | undefined;
    let gzipBytes: number | undefined;
    if (compressedExtensions.has(extension) && bytes.length >= compressionBytesMin) {
      const brotli = brotliCompressSync(bytes, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
          [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        },
      });
      const gzip = gzipSync(bytes, { level: zlib.Z_BEST_COMPRESSION });
      if (brotli.length < bytes.length) {
        await writeFile(`${file}.br`, brotli);
        brotliBytes = brotli.length;
      }
      if (gzip.length < bytes.length) {
        await writeFile(`${file}.gz`, gzip);
        gzipBytes = gzip.length;
      }
    }
    files.push({ path: urlPath(outDir, file), bytes: (await stat(file)).size, brotliBytes, gzipBytes });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

async function listFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path)));
    else found.push(path);
  }
  return found;
}

function kilobytes(bytes: number | undefined): string {
  return bytes === undefined ? '-' : `${(bytes / 1000).toFixed(1)} kB`;
}

async function main(): Promise<void> {
  const development = process.argv.includes('--development');
  const outIndex = process.argv.indexOf('--out');
  const outDir = (outIndex > 0 ? process.argv[outIndex + 1] : undefined) ?? siteDirDefault();
  const started = performance.now();
  const result = await buildWeb({ outDir, development });
  const lines = [
    `web: built ${relative(process.cwd(), result.outDir) || '.'} for ${targetsText}${development ? ' (development)' : ''} in ${Math.round(performance.now() - started)} ms`,
  ];
  for (const file of result.files)
    if (!file.path.endsWith('.br') && !file.path.endsWith('.gz'))
      lines.push(
        `  ${file.path.padEnd(44)} ${kilobytes(file.bytes).padStart(9)}  br ${kilobytes(file.brotliBytes).padStart(9)}  gzip ${kilobytes(file.gzipBytes).padStart(9)}`,
      );
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`web build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

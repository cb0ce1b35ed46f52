// The web package's face to the server: where its files are. Nothing here runs in the browser.

/**
 * The package folder, as a file URL: the api serves its `public/` folder at `/` and its
 * `dist/` folder (the compiled browser modules) at `/dist/`. A URL rather than a path, so this
 * file needs no Node types and the browser build stays free of Node.
 */
export function webRoot(): URL {
  return new URL('../', import.meta.url);
}

/** The folders under `webRoot()` the server publishes, and the app shell every page starts from. */
export const webFolders = { public: 'public/', modules: 'dist/', shell: 'public/index.html' } as const;

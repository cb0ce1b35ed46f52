// One test run for the whole repository: every package's unit tests and the cross-package tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages export their TypeScript sources under this condition, so tests never
  // run against a stale build.
  resolve: { conditions: ['linli-source'] },
  ssr: { resolve: { conditions: ['linli-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});

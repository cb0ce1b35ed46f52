// The fault, failover and go-live suites (`npm run test:faults`, `test:failover`, `test:golive`): each creates,
// breaks and removes PostgreSQL clusters of its own and runs the built service, so they are kept
// out of `npm test`'s run and started by .ci/run after it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['linli-source'] },
  ssr: { resolve: { conditions: ['linli-source'] } },
  test: {
    include: ['test/faults/**/*.suite.ts', 'test/golive/**/*.suite.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One suite at a time: each puts load on the machine's two cores and times recoveries.
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

// End-to-end tests: the real built host (api/ActionItems.Api/bin/Release) on a throwaway SQLite database, seeded
// through the API, driven in Debian's Chromium by playwright-core (web/README.md, Tests).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/globalSetup.ts'],
    // One browser at a time: the machines have two cores, and the host is shared by every test file.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

// End-to-end tests spawn real agents: generous limits so a loaded 2-core machine still passes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

// Limits sized from what the tests take with two busy-loop CPU hogs beside them on a 2-core machine,
// each at least 5x that, so a loaded machine makes the suite slower but never red.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The slowest test on the default, check-mode's four CLI runs of three cells, took under 5 s under load.
    // The few that are longer by design say so with their own timeout (repeatability, Ctrl-C).
    testTimeout: 30_000,
    // The longest hooks are one namespaced CLI run per profile and diff-merge's two runs: a few seconds under load.
    hookTimeout: 30_000,
    // Two test files at once, one per core: every end-to-end test spawns its own CLI and agents, so more
    // workers would only share the same two cores between more process trees.
    maxWorkers: 2,
  },
});

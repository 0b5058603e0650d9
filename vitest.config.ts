import { defineConfig } from 'vitest/config';

// Limits at least 5x what the tests took on a 2-core machine with two busy-loop CPU hogs beside them and
// another project's test suite running too (load average 15), so a loaded machine makes the suite slower
// but never red. A test that hangs still fails in a minute, not in minutes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The slowest test on the default took 7 s under that load (a two-profile run of two cells each).
    // The few that are longer by design set their own timeout and say why (repeatability, Ctrl-C).
    testTimeout: 60_000,
    // The longest hooks are one namespaced CLI run per profile and diff-merge's two runs: a few seconds under load.
    hookTimeout: 60_000,
    // Two test files at once, one per core: every end-to-end test spawns its own CLI and agents, so more
    // workers would only share the same two cores between more process trees.
    maxWorkers: 2,
  },
});

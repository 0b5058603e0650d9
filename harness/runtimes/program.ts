import type { RuntimeAgents } from './runtime.js';

// A user's own program (--server-cmd, --client-cmd) has no agents to find by name: each comes with its command and is
// prepared from it (harness/programs/prepare-program.ts), under its own name, custom:<name>.

/** The registry's entry for `program`: never prepared by name. */
export const programRuntime: RuntimeAgents = {
  prepare: async () => ({
    ok: false,
    reason: 'a program of your own is given with --server-cmd or --client-cmd, and named custom:<name> in the cells',
  }),
};

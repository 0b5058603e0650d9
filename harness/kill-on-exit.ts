// Processes the harness started, killed when it exits however it exits (process.exit skips every finally): their
// stdin closing ends agents anyway, and this makes it at once.

const kills = new Set<() => void>();
let hookInstalled = false;

/** Kill a process with `kill` when the harness exits; returns the way to forget it once it has ended. */
export const killOnExit = (kill: () => void): (() => void) => {
  if (!hookInstalled) {
    hookInstalled = true;
    process.once('exit', () => {
      for (const each of kills) {
        try {
          each();
        } catch {
          // Gone already: nothing left to kill.
        }
      }
    });
  }
  kills.add(kill);
  return () => {
    kills.delete(kill);
  };
};

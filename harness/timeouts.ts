// How long each phase may take. The defaults hold on a loaded 2-core machine: loopback answers
// in microseconds, so only a process start-up is slow, and only a real black hole waits them out.

/** The time limits of one cell, in milliseconds. */
export interface Timeouts {
  /** From spawning an agent to its first line (ready, or the client's result). */
  startupMs: number;
  /** The client's own limit for a TCP connect. */
  connectMs: number;
  /** The client's own limit for the echo to come back after sending. */
  exchangeMs: number;
}

/** The limits a run uses unless its flags say otherwise. */
export const defaultTimeouts: Timeouts = {
  startupMs: 15_000,
  connectMs: 3_000,
  exchangeMs: 2_000,
};

/** How long the harness waits for the client's result before killing it as hung. */
export const clientWatchdogMs = (timeouts: Timeouts): number => timeouts.startupMs + timeouts.connectMs + timeouts.exchangeMs;

/** How long a server may take to exit after its stdin is closed. */
export const serverExitGraceMs = 5_000;

/** How long a client may take to exit after writing its result. */
export const clientExitGraceMs = 5_000;

/** The last resort: any agent still running this long after its start is killed as hung. */
export const agentHardLimitMs = (timeouts: Timeouts): number => timeouts.startupMs + clientWatchdogMs(timeouts) + serverExitGraceMs;

// An agent's process as startAgent sees it, however it was started: spawned fresh (spawn-agent.ts) or forked by a
// fork server (forked-agent.ts). Both tell the same things in the same order: output, then one end.

/** How an agent's process ended: its exit status once everything it wrote has been read, or why it never started. */
export type AgentEnd = { exitCode: number | null; signal: string | null } | { spawnError: string };

/** What a started agent tells the harness. */
export interface AgentEvents {
  /** Text it wrote on stdout, in order, split anywhere. */
  stdout(text: string): void;
  /** Text it wrote on stderr. */
  stderr(text: string): void;
  /** Called once, never during the launch itself: it has ended and all its output has come, or it could not start. */
  ended(end: AgentEnd): void;
}

/** What the harness can do to a started agent. */
export interface AgentHandle {
  /** Write to its stdin; dropped once its stdin is closed or gone. */
  write(text: string): void;
  /** Close its stdin. */
  end(): void;
  /** SIGKILL it; nothing once it has ended. */
  kill(): void;
}

import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { AgentEvents, AgentHandle } from './agent-handle.js';
import type { ForkedStream } from './fork-server-lines.js';
import { killOnExit } from './kill-on-exit.js';

// One agent asked of a fork server (fork-server.ts): a socket for each of its stdin, stdout and stderr, its pid
// once forked, its exit status once reaped. It ends, as a spawned agent does on `close`, once the status has come
// and its stdout and stderr have ended: everything it wrote has been read.

type ExitStatus = { exitCode: number | null; signal: string | null };

export class ForkedAgent implements AgentHandle {
  private stdin: Socket | null = null;
  private readonly outputs: Socket[] = [];
  /** Whether each output may still bring something: true until its socket has come and ended. */
  private readonly open = { stdout: true, stderr: true };
  private pid: number | null = null;
  private status: ExitStatus | null = null;
  // What the harness asked before the stdin socket (or the pid) had come, done once it comes.
  private writes: string[] = [];
  private endAsked = false;
  private killAsked = false;
  /** The agent spawned fresh instead, where the fork server forked nothing. */
  private fresh: AgentHandle | null = null;
  private done = false;
  /** Forgets the kill at the harness's exit that its pid is given once known. */
  private forgetOnExit: () => void = () => {};

  constructor(
    readonly id: number,
    private readonly events: AgentEvents,
    private readonly spawnFresh: () => AgentHandle,
    /** Called once the fork server has nothing more to tell this agent. */
    private readonly release: () => void,
  ) {}

  write(text: string): void {
    if (this.fresh !== null) this.fresh.write(text);
    else if (this.done || this.endAsked) return;
    else if (this.stdin === null) this.writes.push(text);
    else if (this.stdin.writable) this.stdin.write(text);
  }

  end(): void {
    if (this.fresh !== null) this.fresh.end();
    else if (this.done) return;
    else if (this.stdin === null) this.endAsked = true;
    else this.stdin.end();
  }

  kill(): void {
    if (this.fresh !== null) this.fresh.kill();
    else if (this.done) return;
    // Reaped already, and only its output awaited: whatever still holds its sockets is not the agent.
    else if (this.status !== null) this.finish(this.status);
    else if (this.pid === null) this.killAsked = true;
    else killPid(this.pid);
  }

  /** The fork server connected one of its streams; `rest` is what came after the hello line. */
  attach(stream: ForkedStream, socket: Socket, rest: Buffer): void {
    if (this.done || this.fresh !== null) {
      socket.destroy();
      return;
    }
    // A reset connection brings nothing more, as an end does; 'close' follows. Writing to a stdin the agent
    // never read resets it, which is why stdin has a connection of its own: the reset cannot cut stdout short.
    socket.on('error', () => {});
    if (stream === 'stdin') {
      this.stdin = socket;
      for (const text of this.writes) socket.write(text);
      this.writes = [];
      if (this.endAsked) socket.end();
      return;
    }
    this.outputs.push(socket);
    const decoder = new StringDecoder('utf8');
    const deliver = stream === 'stdout' ? this.events.stdout : this.events.stderr;
    const take = (text: string): void => {
      if (text !== '' && !this.done) deliver(text);
    };
    take(decoder.write(rest));
    socket.on('data', (chunk: Buffer) => take(decoder.write(chunk)));
    socket.on('end', () => {
      take(decoder.end());
      this.closed(stream);
    });
    socket.on('close', () => this.closed(stream));
    // Nothing is ever written to an agent's stdout or stderr.
    socket.end();
  }

  /** The fork server forked it. */
  forked(pid: number): void {
    this.pid = pid;
    this.forgetOnExit = killOnExit(() => killPid(pid));
    if (this.killAsked && this.status === null) killPid(pid);
  }

  /** The fork server reaped it. */
  reaped(status: ExitStatus): void {
    this.status = status;
    // Its pid is no longer its own.
    this.forgetOnExit();
    this.finishIfRead();
  }

  /** The fork server forked nothing for it (a failed connect or fork): it starts fresh instead, with what was asked of it so far. */
  notForked(): void {
    if (this.done || this.fresh !== null) return;
    this.destroySockets();
    this.release();
    const fresh = this.spawnFresh();
    this.fresh = fresh;
    for (const text of this.writes) fresh.write(text);
    this.writes = [];
    if (this.endAsked) fresh.end();
    if (this.killAsked) fresh.kill();
  }

  /**
   * The fork server is gone before reporting this agent's end. Forked or not, its status is lost: it is killed (its
   * sockets closing ends it too, if it was forked after all) and ends as an agent that could not be run.
   */
  lost(why: string): void {
    if (this.done || this.fresh !== null) return;
    if (this.pid !== null) killPid(this.pid);
    this.forgetOnExit();
    this.finish({ spawnError: why });
  }

  private closed(stream: 'stdout' | 'stderr'): void {
    this.open[stream] = false;
    this.finishIfRead();
  }

  private finishIfRead(): void {
    if (this.status !== null && !this.open.stdout && !this.open.stderr) this.finish(this.status);
  }

  private finish(end: ExitStatus | { spawnError: string }): void {
    if (this.done) return;
    this.done = true;
    this.writes = [];
    this.destroySockets();
    this.release();
    this.events.ended(end);
  }

  private destroySockets(): void {
    this.stdin?.destroy();
    for (const socket of this.outputs) socket.destroy();
  }
}

/** SIGKILL a pid the fork server has not reported reaped; gone already is fine. */
const killPid = (pid: number): void => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Exited in the meantime: its exit report is on its way.
  }
};

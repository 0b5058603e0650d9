import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { AgentEvents, AgentHandle } from './agent-handle.js';
import type { AgentCommand, AgentForker } from './agent-launch.js';
import { parseForkReport, parseHello, requestLine } from './fork-server-lines.js';
import { ForkedAgent } from './forked-agent.js';
import { killOnExit } from './kill-on-exit.js';
import { splitLines } from './line-splitter.js';
import type { Side } from './outcome.js';
import { makeScratchFolderSync, removeScratchFolder } from './scratch-folders.js';
import { agentEnvironment, spawnAgent } from './spawn-agent.js';

// A fork server: one interpreter per run and runtime that starts each agent by forking itself, everything the agents
// import imported once (PROTOCOL.md, "Python fork server", "Node fork server": runtimes/python/fork_server.py and
// runtimes/node/fork-server.ts, which speak the same lines). Started at the first agent asked of it, stopped at the
// end of the run (run-matrix.ts). Node cannot pass file descriptors to it, so each agent's stdin, stdout and stderr
// come back as three connections to a Unix socket the harness listens on, in a private folder (0700: no other user
// can connect), each opened with a hello line naming agent and stream. Where it cannot start, or dies, agents are
// spawned fresh from their commands instead, and it says so once.

/** How to start a fork server, and what it forks for each side. */
export interface ForkServerOptions {
  /** For messages: `the Python fork server`. */
  name: string;
  /** The interpreter and its flags (`python3 -I -S`, `node --single-threaded`), then the fork server's script. */
  command: AgentCommand;
  /** The folders it appends to its module path, as the Python agents' launchers do; none for Node. */
  folders: readonly string[];
  /** Per side, the agent's module (Python's to import, Node's .cjs file to run), its argv[0], and its command where it starts fresh. */
  agents: Record<Side, { module: string; argv0: string; fresh: AgentCommand }>;
  /** Where it says, once, that agents start fresh after all. */
  warn?: (message: string) => void;
}

/** How long a stopped fork server gets to leave before it is killed: it leaves at once when it has no child. */
const stopGraceMs = 5_000;
// Unix socket paths are cut at 108 bytes on Linux, 104 on macOS, the terminating NUL included.
const longestSocketPath = 103;

const sayOnStderr = (message: string): void => {
  process.stderr.write(`sockmatrix: ${message}\n`);
};

export class ForkServer implements AgentForker {
  private current: ForkServerProcess | null = null;
  /** Why it cannot be used in this process; agents start fresh. */
  private unavailable: string | null = null;

  constructor(private readonly options: ForkServerOptions) {}

  launch(side: Side, instructions: string, events: AgentEvents): AgentHandle {
    const spawnFresh = (): AgentHandle => spawnAgent(this.options.agents[side].fresh, instructions, events);
    if (this.unavailable === null && this.current === null) {
      try {
        const started: ForkServerProcess = new ForkServerProcess(this.options, (why) => this.fail(started, why));
        this.current = started;
      } catch (error) {
        this.fail(null, `could not be started (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return this.current === null ? spawnFresh() : this.current.launch(side, instructions, events, spawnFresh);
  }

  /** Stop the running process, if any: its agents still end as they would; the next agent asked of it starts another. */
  async stop(): Promise<void> {
    const stopping = this.current;
    this.current = null;
    await stopping?.stop();
  }

  private fail(gone: ForkServerProcess | null, why: string): void {
    if (this.current === gone) this.current = null;
    if (this.unavailable !== null) return;
    this.unavailable = why;
    (this.options.warn ?? sayOnStderr)(
      `${this.options.name} ${why}: its agents start fresh instead, slower, with the same outcomes (--no-fork-server starts them so from the outset)`,
    );
  }
}

/** One fork server's process, its Unix socket, and the agents asked of it that have not ended. */
class ForkServerProcess {
  private readonly folder: string;
  private readonly socketPath: string;
  private readonly server: Server;
  private readonly child: ChildProcess;
  private readonly agents = new Map<number, ForkedAgent>();
  private lastId = 0;
  private ready = false;
  private stopped = false;
  private gone = false;
  private stderrTail = '';
  private readonly forgetOnExit: () => void;
  private readonly closed: Promise<void>;
  private warnedNotForked = false;

  constructor(
    private readonly options: ForkServerOptions,
    private readonly failed: (why: string) => void,
  ) {
    this.folder = makeScratchFolderSync('fork');
    this.socketPath = join(this.folder, 's');
    const length = Buffer.byteLength(this.socketPath);
    if (length > longestSocketPath) {
      void removeScratchFolder(this.folder);
      throw new Error(
        `its socket path, ${this.socketPath}, is ${length} bytes, more than the ${longestSocketPath} Unix allows: set TMPDIR to a shorter folder`,
      );
    }
    this.server = createServer({ allowHalfOpen: true }, (socket) => this.greet(socket));
    // Bound at once (the error, if any, comes on the next tick): the fork server connects only once asked for an agent.
    this.server.listen(this.socketPath);
    this.server.unref();
    const { command } = options;
    this.child = spawn(command.file, [...command.args, this.socketPath, ...options.folders], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its agents' environment, since they inherit it.
      env: agentEnvironment(options.agents.server.fresh),
      windowsHide: true,
    });
    this.forgetOnExit = killOnExit(() => this.child.kill('SIGKILL'));
    // Its agents keep the harness running while they run; the fork server itself, never.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as Partial<Socket> | null)?.unref?.();
    this.child.stdin?.on('error', () => {});
    const reports = splitLines((line) => this.take(line));
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', reports.push);
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2_000);
    });
    this.closed = new Promise((resolve) => {
      // close, not exit: its last reports have been read by then.
      this.child.once('close', (code, signal) => {
        this.end(signal === null ? `exited with code ${code}` : `was killed by ${signal}`);
        resolve();
      });
      this.child.once('error', (error) => {
        if (this.child.pid !== undefined) return;
        this.end(`could not be spawned (${error.message})`);
        resolve();
      });
    });
    this.server.on('error', (error) => {
      // Nothing could connect, so nothing was forked: every agent asked of it starts fresh.
      this.ready = false;
      this.child.kill('SIGKILL');
      this.end(`could not listen on ${this.socketPath} (${error.message})`);
    });
  }

  launch(side: Side, instructions: string, events: AgentEvents, spawnFresh: () => AgentHandle): AgentHandle {
    this.lastId += 1;
    const id = this.lastId;
    const agent = new ForkedAgent(id, events, spawnFresh, () => this.agents.delete(id));
    this.agents.set(id, agent);
    const { module, argv0 } = this.options.agents[side];
    this.child.stdin?.write(requestLine(id, module, argv0, instructions));
    return agent;
  }

  /** Close its stdin, its cue to leave once its children are reaped; kill it if it lingers with none of ours left. */
  async stop(): Promise<void> {
    this.stopped = true;
    // Held by the harness again until it has gone: an await on nothing that keeps Node running would end it (code 13).
    this.child.ref();
    for (const stream of [this.child.stdout, this.child.stderr]) (stream as Partial<Socket> | null)?.ref?.();
    this.child.stdin?.end();
    const lingering = setTimeout(() => {
      if (this.agents.size === 0) this.child.kill('SIGKILL');
    }, stopGraceMs);
    await this.closed;
    clearTimeout(lingering);
  }

  /** One report line. */
  private take(line: string): void {
    const report = parseForkReport(line);
    if (report === null) return;
    if (report.kind === 'ready') {
      this.ready = true;
      return;
    }
    const agent = this.agents.get(report.id);
    if (agent === undefined) return;
    if (report.kind === 'forked') agent.forked(report.pid);
    else if (report.kind === 'exited') agent.reaped({ exitCode: report.exitCode, signal: null });
    else if (report.kind === 'killed') agent.reaped({ exitCode: null, signal: report.signal });
    else {
      if (!this.warnedNotForked) {
        this.warnedNotForked = true;
        sayOnStderr(`${this.options.name} could not start an agent (${report.error}): it starts fresh instead`);
      }
      agent.notForked();
    }
  }

  /** A connection from the fork server: its hello line names the agent and the stream; the rest is the agent's. */
  private greet(socket: Socket): void {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const newline = head.indexOf(10);
      if (newline === -1) {
        if (head.length > 200) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const hello = parseHello(head.subarray(0, newline).toString('utf8'));
      const agent = hello === null ? undefined : this.agents.get(hello.agent);
      if (hello === null || agent === undefined) socket.destroy();
      else agent.attach(hello.stream, socket, head.subarray(newline + 1));
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  }

  /** It is gone: before it was ready nothing was forked, so its agents start fresh; after, their status is lost. */
  private end(how: string): void {
    if (this.gone) return;
    this.gone = true;
    this.forgetOnExit();
    this.server.close();
    void removeScratchFolder(this.folder);
    const unexpected = !this.stopped || this.agents.size > 0;
    const why = this.ready ? `${how} during the run` : `could not start (${this.lastLine() ?? how})`;
    for (const agent of [...this.agents.values()]) {
      if (this.ready) agent.lost(`${this.options.name} ${why}, and this agent's exit status with it`);
      else agent.notForked();
    }
    if (unexpected) this.failed(why);
  }

  private lastLine(): string | null {
    return (
      this.stderrTail
        .trim()
        .split('\n')
        .map((line) => line.trim())
        .at(-1) || null
    );
  }
}

/** Every fork server of this process, by the interpreter it runs: one per run and interpreter. */
const shared = new Map<string, ForkServer>();

/** The fork server for `key` (its interpreter), made once by `make`. */
export const sharedForkServer = (key: string, make: () => ForkServer): ForkServer => {
  let found = shared.get(key);
  if (found === undefined) {
    found = make();
    shared.set(key, found);
  }
  return found;
};

/** Stop every fork server: the end of a run. The next run starts its own. */
export const stopForkServers = async (): Promise<void> => {
  await Promise.all([...shared.values()].map((forkServer) => forkServer.stop()));
};

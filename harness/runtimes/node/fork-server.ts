// The Node fork server: one node per run, with the agents' modules loaded and their code compiled, that forks each
// Node agent (PROTOCOL.md, "Node fork server"). A fresh node spends about 20 ms of CPU before an agent's first line
// runs; a forked agent, about 5 ms in all. Each agent is still a process of its own, with its own sockets, running
// the same code as one started fresh. Node has no fork: fork-addon.c, built beside this file, gives it one.
//
// Started as `node --single-threaded fork-server.js <unix-socket-path>`, its stdio piped to the harness, and it
// speaks the Python fork server's lines (harness/fork-server-lines.ts):
//   stdin   requests, one JSON object a line: {"id": N, "module": "<the agent's .cjs file>", "argv0": "<the same>",
//           "instructions": "<the instructions' JSON text>"}
//   stdout  reports: {"ready": true} once; then per request {"id": N, "pid": P} once forked, and {"id": N, "exit": C}
//           or {"id": N, "signal": S} once reaped; or {"id": N, "error": "..."} when nothing was forked.
// The end of stdin is the end of the run, or of the harness: it forks no more, and leaves once its children are
// reaped. It never touches process.stdin or process.stdout: each child makes them its own, on its fds 0 and 1.
//
// --single-threaded: fork copies only the calling thread, so V8 must never hand work to the worker threads the
// child does not have (a garbage collector waiting for them would wait for ever).
// What the agents load, loaded once here.
import 'node:dgram';
import 'node:dns';
import 'node:net';
import { readFileSync, writeSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import { compileFunction } from 'node:vm';
import { warmUp } from './fork-warm-up.js';

/** fork-addon.c. */
interface ForkAddon {
  start(): void;
  /** A request line, a child reaped as [pid, exit code, signal number], or null: stdin ended and every child reaped. */
  next(): string | [number, number, number] | null;
  /** The child's pid here, 0 in the child; throws where nothing was forked. */
  fork(socketPath: string, id: number): number;
  pid(): number;
  exit(code: number): never;
  endWith(code: number): void;
}

interface Request {
  id: number;
  module: string;
  argv0: string;
  instructions: string;
}

/** An agent's file as the body of the function CommonJS wraps it in. */
type AgentBody = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

const require = createRequire(import.meta.url);
const addon = require('./fork-addon.node') as ForkAddon;
const socketPath = process.argv[2] ?? '';

/** One line on stdout, whole: a write this short to a pipe is atomic, and nothing is buffered to fork. */
const report = (message: Record<string, unknown>): void => {
  try {
    writeSync(1, `${JSON.stringify(message)}\n`);
  } catch {
    // The harness is gone, and nobody reads the reports: the children leave at their stdin's end.
    process.exit(0);
  }
};

// Compiled once here, at the first request for each, rather than in every child.
const bodies = new Map<string, AgentBody>();
const agentBody = (file: string): AgentBody => {
  let body = bodies.get(file);
  if (body === undefined) {
    const source = readFileSync(file, 'utf8');
    body = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file }) as AgentBody;
    bodies.set(file, body);
  }
  return body;
};

/** What a fresh node prints of an uncaught exception, but the line of source it quotes first (V8's message is not reachable here). */
const dieOf = (error: unknown): void => {
  try {
    writeSync(2, `${inspect(error)}\n\nNode.js ${process.version}\n`);
  } catch {
    // Its stderr is gone, or full: the exit code still says it.
  }
  process.exit(1);
};

/** In the child: a fresh agent's pid, argv and flags, ways out that skip Node's teardown (fork-addon.c), then the agent. */
const becomeAgent = (request: Request, body: AgentBody): void => {
  Object.defineProperty(process, 'pid', { value: addon.pid(), enumerable: true, configurable: true, writable: false });
  process.argv = [process.execPath, request.argv0, request.instructions];
  process.execArgv = [];
  // process.exit's last step, documented as patched by users; the end of the event loop has the cleanup hook.
  (process as unknown as { reallyExit: (code: number) => never }).reallyExit = (code) => addon.exit(code);
  addon.endWith(0);
  process.on('exit', (code) => addon.endWith(code));
  process.on('uncaughtException', dieOf);
  const file = request.module;
  const agentModule = new Module(file);
  agentModule.filename = file;
  body.call(agentModule.exports, agentModule.exports, createRequire(file), agentModule, file, dirname(file));
};

/** Fork what is asked, report what is reaped, until stdin ends and no child is left; in a child, become the agent. */
const serve = (): void => {
  const children = new Map<number, number>();
  for (;;) {
    const next = addon.next();
    if (next === null) return;
    if (Array.isArray(next)) {
      const [pid, exitCode, signal] = next;
      const id = children.get(pid);
      if (id === undefined) continue;
      children.delete(pid);
      report(signal === 0 ? { id, exit: exitCode } : { id, signal });
      continue;
    }
    if (next.trim() === '') continue;
    const request = JSON.parse(next) as Request;
    let pid: number;
    let body: AgentBody;
    try {
      body = agentBody(request.module);
      pid = addon.fork(socketPath, request.id);
    } catch (error) {
      report({ id: request.id, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (pid === 0) {
      becomeAgent(request, body);
      return;
    }
    children.set(pid, request.id);
    report({ id: request.id, pid });
  }
};

/** What a process holds open, in a comparable form: its handles' names (sockets, timers), sorted; not requests under way. */
const openResources = (): string =>
  process
    .getActiveResourcesInfo()
    .filter((resource) => resource !== 'Immediate' && !/(Req|ReqCallback)$/.test(resource))
    .sort()
    .join(', ');

addon.start();
// Node makes process.stderr (on fd 2) at the first socket it destroys, in every process: net.js asks whether the
// socket is stderr. The rehearsal destroys some, so it is made here, on purpose, first: each child then has it made
// already, on its own fd 2.
void process.stderr;
const before = openResources();
warmUp(() => {
  // Whatever the rehearsal left open would be open in every child: a fork server that leaves something is none.
  const after = openResources();
  if (after !== before) {
    writeSync(2, `its rehearsal left open ${after || 'nothing'}, where there was ${before || 'nothing'}\n`);
    process.exit(3);
  }
  report({ ready: true });
  // From a callback, not the module's evaluation: a child then runs its agent in a module that has finished loading.
  serve();
});

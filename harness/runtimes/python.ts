import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { type AgentCommand, launchesOf } from '../agent-launch.js';
import { ForkServer, sharedForkServer } from '../fork-server.js';
import type { Side } from '../outcome.js';
import type { RuntimeAgents, RuntimeProbe, RuntimeSettings } from './runtime.js';

// Python's agents: python/server_agent.py and python/client_agent.py, standard library only. The
// interpreter is resolved once per run to the real binary (a pyenv shim costs ~0.4 s a start) and
// started with -I -S: isolated from the user's environment and site-packages, and quick to start.
// Unless --no-fork-server, each agent is forked by one such interpreter per run, fork_server.py.

// The build copies the agents into dist/ beside this file; under vitest this file runs from the
// sources, so the agents come from dist/ too, like Node's.
const compiled = import.meta.url.endsWith('.js');
const agentFile = (name: string): string =>
  fileURLToPath(
    compiled ? new URL(`./python/${name}`, import.meta.url) : new URL(`../../dist/harness/runtimes/python/${name}`, import.meta.url),
  );
const agentScript = (side: Side): string => agentFile(`${side}_agent.py`);

/** The folder of the Python agents, which each launcher appends to its module path. */
export const pythonAgentsFolder: string = dirname(agentScript('server'));

/**
 * The fork server for an interpreter (fork_server.py): one per run, started at the first Python agent. It forks each
 * agent with everything imported, where a fresh start would spend milliseconds before the agent's first line; the
 * agent is the same module, imported as its launcher imports it, with the launcher as its sys.argv[0].
 */
const pythonForkServer = (fresh: Record<Side, AgentCommand>): ForkServer =>
  sharedForkServer(fresh.server.file, () => {
    const agent = (side: Side) => ({ module: `${side}_main`, argv0: agentScript(side), fresh: fresh[side] });
    return new ForkServer({
      name: 'the Python fork server',
      command: { file: fresh.server.file, args: [...pythonFlags, agentFile('fork_server.py')] },
      folders: [pythonAgentsFolder],
      agents: { server: agent('server'), client: agent('client') },
    });
  });

/** Whether this platform can fork an agent: Windows has no os.fork (nor, before 10, AF_UNIX), so agents start fresh there. */
export const platformForks = process.platform !== 'win32';

/** The oldest Python the agents are written for. */
export const minimumPython: readonly [number, number] = [3, 8];

/** The flags every Python agent starts with: isolated mode, no site import. */
export const pythonFlags = ['-I', '-S'] as const;

// One line each: the real interpreter behind any shim, and its version.
const probeScript = 'import sys; print(sys.executable); print("%d.%d.%d" % tuple(sys.version_info[:3]))';

/** Which interpreter to try: --python, else SOCKMATRIX_PYTHON, else python3 on the PATH. */
export const pythonCandidate = (settings: RuntimeSettings, env: NodeJS.ProcessEnv = process.env): string =>
  settings.python ?? (env.SOCKMATRIX_PYTHON || 'python3');

const howToChoose = 'name one with --python <path> (or SOCKMATRIX_PYTHON)';

/** Python: found by asking the candidate interpreter for its real path and version. */
export const pythonRuntime: RuntimeAgents = {
  prepare: async (settings): Promise<RuntimeProbe> => {
    const candidate = pythonCandidate(settings);
    const probe = await execa(candidate, [...pythonFlags, '-c', probeScript], { reject: false, timeout: 15_000, stdin: 'ignore' });
    if (probe.failed || probe.exitCode !== 0) {
      const why = probe.code === 'ENOENT' ? 'not found' : (probe.stderr.trim().split('\n').at(-1) ?? probe.shortMessage);
      return { ok: false, reason: `Python ${candidate} cannot be started (${why}): install Python 3.8 or newer, or ${howToChoose}` };
    }
    const [executable = '', version = ''] = probe.stdout
      .trim()
      .split('\n')
      .map((line) => line.trim());
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < (minimumPython[0] ?? 3) || (major === minimumPython[0] && minor < (minimumPython[1] ?? 8))) {
      return {
        ok: false,
        reason: `${candidate} is Python ${version}, and the Python agents need ${minimumPython.join('.')} or newer: ${howToChoose}`,
      };
    }
    // sys.executable is empty for an embedded interpreter: then the candidate itself is the way in.
    const interpreter = executable === '' ? candidate : executable;
    const fresh: Record<Side, AgentCommand> = {
      server: { file: interpreter, args: [...pythonFlags, agentScript('server')] },
      client: { file: interpreter, args: [...pythonFlags, agentScript('client')] },
    };
    const agents = launchesOf(fresh, settings.forkServer && platformForks ? pythonForkServer(fresh) : null);
    return {
      ok: true,
      runtime: {
        version,
        agent: (side) => agents[side],
        bare: { file: interpreter, args: [...pythonFlags, '-c', ''] },
      },
    };
  },
};

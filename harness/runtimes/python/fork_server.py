# The Python fork server: one interpreter per run, started once with everything the agents import already
# imported, that os.fork()s each Python agent (PROTOCOL.md, "Python fork server"). A fresh interpreter costs
# a few milliseconds to start before an agent's first line runs; a fork, a fraction of one. Each agent is still
# a process of its own, with its own sockets, running the same code as one started fresh.
#
# Started as `python -I -S fork_server.py <unix-socket-path> <folder>...`, its stdio piped to the harness:
#   stdin   requests, one JSON object a line: {"id": N, "module": "client_main", "argv0": ".../client_agent.py",
#           "instructions": "<the instructions' JSON text>"}
#   stdout  reports: {"ready": true} once; then per request {"id": N, "pid": P} once forked, and {"id": N, "exit": C}
#           or {"id": N, "signal": S} once reaped; or {"id": N, "error": "..."} when nothing was forked.
#   stderr  free text, read only when it fails.
# The end of stdin is the end of the run, or of the harness: it forks no more, and leaves once its children are
# reaped. The folders are appended to sys.path, as each <side>_agent.py launcher appends its own.
#
# The harness cannot receive file descriptors (Node has no SCM_RIGHTS), so the agent's stdio cannot be handed
# over: for each request this process connects three sockets to the harness's Unix socket, each announced by one
# hello line ({"agent": N, "stream": "stdin"}, "stdout", "stderr"), then forks; the child makes them its fds 0, 1
# and 2. Connected before the pid is reported, so the harness can wait for all three. Three, not one for stdin
# and stdout: a harness's write to a stdin the agent left unread resets that socket, and must not cut stdout short.
import os
import signal
import sys

# Whatever the agents import, in either of their versions, so that a child finds it loaded. It never resolves a
# name: glibc reads gai.conf and loads its NSS modules once per process, so each agent does that itself, as one
# started fresh would.
import _socket  # noqa: F401
import _thread  # noqa: F401
import errno  # noqa: F401
import select
import selectors  # noqa: F401
import socket
import time  # noqa: F401

socket_path = sys.argv[1]
for folder in sys.argv[2:]:
    sys.path.append(folder)
import json_lines  # noqa: E402
import socket_words  # noqa: E402,F401

# A fresh interpreter's SIGINT handler, kept before this process sets its own.
fresh_sigint = signal.getsignal(signal.SIGINT)


def report(message):
    """One line on stdout, whole: os.write on a pipe is atomic for a line this short, and nothing is buffered to fork."""
    line = (json_lines.dumps(message) + "\n").encode("ascii")
    while line:
        line = line[os.write(1, line):]


def connect(agent, stream):
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(socket_path)
        connection.sendall((json_lines.dumps({"agent": agent, "stream": stream}) + "\n").encode("ascii"))
    except BaseException:
        connection.close()
        raise
    return connection


def exit_status(code):
    """What a fresh interpreter exits with for SystemExit(code): None is 0, a number itself, anything else printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(str(code) + "\n")
    except Exception:
        pass
    return 1


def run_agent(module):
    """Import the agent's module, whose module-level code is the agent; the exit status a fresh interpreter would have."""
    try:
        __import__(module)
        status = 0
    except SystemExit as leaving:
        status = exit_status(leaving.code)
    except BaseException:
        kind, error, trace = sys.exc_info()
        # The traceback from the agent's module down, as a fresh interpreter prints it to fd 2.
        sys.excepthook(kind, error, trace.tb_next if trace is not None else None)
        if isinstance(error, KeyboardInterrupt):
            # A fresh interpreter interrupted by SIGINT dies of SIGINT, so that its parent sees the signal.
            flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        status = 1
    # A fresh interpreter flushes stdout at its end, and exits 120 when that fails.
    if not flush():
        status = status or 120
    return status


def flush():
    ok = True
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            ok = False
    return ok


def become_agent(request, streams, wake_read, wake_write):
    """In the child: the agent's stdio, a fresh interpreter's signal handlers and argv, then the agent itself."""
    status = 1
    try:
        signal.set_wakeup_fd(-1)
        os.close(wake_read)
        os.close(wake_write)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, fresh_sigint)
        # The fork server's own request and report pipes, and its stderr, are replaced here: the agent holds no
        # end of them, so the harness's hold on it is its stdin alone, as for an agent started fresh.
        for number, connection in enumerate(streams):
            os.dup2(connection.fileno(), number)
            connection.close()
        sys.argv = [request["argv0"], request["instructions"]]
        status = run_agent(request["module"])
    finally:
        # Never back into the fork server's loop, whatever happened.
        os._exit(status)


def main():
    if not hasattr(os, "fork") or not hasattr(socket, "AF_UNIX"):
        sys.stderr.write("this Python has no os.fork or AF_UNIX sockets\n")
        sys.exit(3)
    # Its lifeline is stdin; a Ctrl-C at the terminal is the harness's to handle, and reaches the agents themselves.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGCHLD wakes the select below through this pipe: children are reaped, and reported, by the loop alone.
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)
    children = {}
    report({"ready": True})

    def start(request):
        agent = request["id"]
        streams = []
        try:
            for stream in ("stdin", "stdout", "stderr"):
                streams.append(connect(agent, stream))
        except OSError as error:
            for connection in streams:
                connection.close()
            report({"id": agent, "error": "could not connect to the harness at %s: %s" % (socket_path, error)})
            return
        # Nothing buffered may be written twice, by this process and by the child.
        flush()
        try:
            pid = os.fork()
        except OSError as error:
            for connection in streams:
                connection.close()
            report({"id": agent, "error": "os.fork failed: %s" % error})
            return
        if pid == 0:
            become_agent(request, streams, wake_read, wake_write)
        for connection in streams:
            connection.close()
        children[pid] = agent
        report({"id": agent, "pid": pid})

    def reap():
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            agent = children.pop(pid, None)
            if agent is None:
                continue
            if os.WIFSIGNALED(status):
                report({"id": agent, "signal": os.WTERMSIG(status)})
            else:
                report({"id": agent, "exit": os.WEXITSTATUS(status)})

    pending = b""
    reading = True
    while reading or children:
        watched = [0, wake_read] if reading else [wake_read]
        readable = select.select(watched, [], [])[0]
        if wake_read in readable:
            try:
                while os.read(wake_read, 512):
                    pass
            except BlockingIOError:
                pass
        reap()
        if 0 in readable:
            chunk = os.read(0, 65536)
            if not chunk:
                reading = False
                continue
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                if line.strip():
                    start(json_lines.loads(line.decode("utf-8")))


try:
    main()
except BrokenPipeError:
    # The harness is gone, and nobody reads the reports: the children leave at their stdin's end.
    os._exit(0)

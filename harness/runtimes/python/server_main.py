# The server side of a cell, as a Python program does it: socket(family, type), bind, listen, echo.
# Standard library only, and few imports: every cell starts one, under -I -S (PROTOCOL.md, "Python").
# Built-in and C modules only. The sockets are _socket.socket, the C type socket.socket subclasses, with the
# same calls: importing socket.py (enum, to make every AF_/SOCK_ constant an IntEnum, then selectors,
# collections, functools) took about 5 ms of an agent's 14 ms start here (CPU; a bare interpreter, 7 ms),
# for nothing an agent uses. Serving waits in select.poll, not selectors. Only the create_server variant,
# a socket.py function, imports socket, in its own branch. JSON is json_lines.py, on CPython's _json
# without the json package.
import _socket
import _thread
import errno
import os
import select
import sys

# The agents' JSON (json_lines.py, no json package) and what both agents say of sockets, on the launcher's path.
from json_lines import dumps, loads  # noqa: E402
from socket_words import error_code, is_loopback, packed, socket_address  # noqa: E402

instructions = loads(sys.argv[-1])
transport = instructions["transport"]
server = instructions["server"]
port = instructions["port"]
token = instructions["token"].encode("utf-8")
# A user's own client dials this server (PROTOCOL.md): "http" answers its request with a response, then closes.
answer_http = instructions.get("answer") == "http"
http_answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nsockmatrix\n"


# Where stdin is watched by a thread of its own (below), it ends the agent between two lines, never inside one.
say_lock = _thread.allocate_lock()


def say(message):
    with say_lock:
        sys.stdout.write(dumps(message) + "\n")
        sys.stdout.flush()


def failure(event, error):
    return {"event": event, "code": error_code(error), "message": str(error)}


class NotLoopback(Exception):
    """An address sockmatrix will not bind: neither loopback nor a wildcard."""

    def __init__(self, address):
        named = address if address == server["address"] else "%s resolved to %s, which" % (server["address"], address)
        Exception.__init__(self, "%s is not loopback: sockmatrix binds only loopback addresses and the wildcards" % named)


def is_loopback_address(address):
    literal = packed(address)
    return literal is not None and is_loopback(*literal)


def bind_address(family):
    """What bind gets: a literal as given, checked; a name resolved as bind resolves it, its address checked.

    CPython's bind asks getaddrinfo(name, None, family) for what inet_pton does not read and binds the
    first result: the same call here, so that an address off loopback is refused before the bind.
    """
    address = server["address"]
    if packed(address) is not None:
        if address not in ("0.0.0.0", "::") and not is_loopback_address(address):
            raise NotLoopback(address)
        return (address, port)
    # socket.getaddrinfo is _socket's with its families and types made IntEnums: the same call and results.
    resolved = _socket.getaddrinfo(address, None, family)[0][4]
    if not is_loopback_address(resolved[0]):
        raise NotLoopback(resolved[0])
    return (resolved[0], port) + tuple(resolved[2:])


def family_of():
    """The instructed family; for Python it is always given, and a name without one falls back to socket()'s AF_INET."""
    if server["family"] == 6 or (server["family"] is None and ":" in server["address"]):
        return _socket.AF_INET6
    return _socket.AF_INET


class BindFailed(Exception):
    """An OSError from making the listener, and the call it came from: "bind", "listen", or None (a lookup)."""

    def __init__(self, error, syscall):
        Exception.__init__(self, str(error))
        self.error = error
        self.syscall = syscall


def open_listener():
    """The socket, bound (and listening, for TCP) the way the instructions say a Python program makes it."""
    family = family_of()
    try:
        address = bind_address(family)
    except OSError as error:
        raise BindFailed(error, None)
    if server.get("call") == "create_server":
        # create_server sets SO_REUSEADDR and, for dual stack, IPV6_V6ONLY 0 itself; it re-raises a bind error
        # with "while attempting to bind" in its message. It is socket.py's own function: this variant alone
        # imports socket, here, and its listener is a socket.socket (the same C calls on it below).
        import socket

        try:
            return socket.create_server(address, family=family, dualstack_ipv6=family == _socket.AF_INET6)
        except OSError as error:
            raise BindFailed(error, "bind" if "attempting to bind" in str(error) else "listen")
    listener = _socket.socket(family, _socket.SOCK_DGRAM if transport == "udp" else _socket.SOCK_STREAM)
    call = None
    try:
        # None leaves the system default (net.ipv6.bindv6only) as a program that never asks does.
        if family == _socket.AF_INET6 and server["ipv6Only"] is not None:
            listener.setsockopt(_socket.IPPROTO_IPV6, _socket.IPV6_V6ONLY, 1 if server["ipv6Only"] else 0)
        if server.get("reuseAddr"):
            listener.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
        if server.get("reusePort"):
            # Windows has no SO_REUSEPORT: the program's setsockopt would fail there, as this does.
            if not hasattr(_socket, "SO_REUSEPORT"):
                raise OSError(errno.ENOPROTOOPT, "SO_REUSEPORT is not available on this platform")
            listener.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEPORT, 1)
        call = "bind"
        listener.bind(address)
        if transport == "tcp":
            call = "listen"
            listener.listen()
    except OSError as error:
        listener.close()
        raise BindFailed(error, call)
    except BaseException:
        listener.close()
        raise
    return listener


class Watch(object):
    """Which of some descriptors are readable, each with its data: what selectors.DefaultSelector did here.

    select.poll where there is one (Linux, macOS): selectors.PollSelector's own calls, without importing
    selectors. Any event on a descriptor (its end, an error) counts as readable, as selectors counts it, so
    the read that follows finds it. Windows has no poll: select.select there, as its DefaultSelector uses.
    """

    def __init__(self):
        self.data = {}
        self.poller = select.poll() if hasattr(select, "poll") else None

    def register(self, fd, data):
        if self.poller is not None:
            self.poller.register(fd, select.POLLIN)
        self.data[fd] = data

    def unregister(self, fd):
        if self.poller is not None:
            self.poller.unregister(fd)
        del self.data[fd]

    def ready(self):
        """The data of every readable descriptor, blocking until there is one; taken before any is handled."""
        if self.poller is not None:
            fds = [fd for fd, _ in self.poller.poll()]
        else:
            fds = select.select(list(self.data), [], [])[0]
        return [self.data[fd] for fd in fds]


def exit_when_stdin_ends():
    """Block on stdin until its end, then end the agent (exit 0; the system closes its sockets): the client's way."""
    while True:
        try:
            chunk = os.read(0, 4096)
        except OSError:
            chunk = b""
        if chunk == b"":
            break
    with say_lock:
        os._exit(0)


def serve(listener):
    """Echo until stdin closes: one thread, one watch over the listener, its connections and stdin."""
    watch = Watch()
    if watch.poller is not None:
        # poll watches a regular file or /dev/null too (epoll refused them): always readable, read at its end.
        watch.register(0, "stdin")
    else:
        # select.select takes sockets only on Windows, never a pipe: a bare thread watches stdin instead.
        _thread.start_new_thread(exit_when_stdin_ends, ())
    listener.setblocking(False)
    watch.register(listener.fileno(), "listener")
    connections = {}
    while True:
        for what in watch.ready():
            if what == "stdin":
                try:
                    chunk = os.read(0, 4096)
                except OSError:
                    # A stdin that cannot be read (closed) is at its end already.
                    chunk = b""
                if chunk == b"":
                    for connection in connections:
                        connection.close()
                    return
            elif what == "listener" and transport == "udp":
                receive_datagram(listener)
            elif what == "listener":
                accept(listener, watch, connections)
            else:
                receive_stream(what, watch, connections)


def receive_datagram(listener):
    try:
        datagram, sender = listener.recvfrom(65535)
    except BlockingIOError:
        return
    except OSError as error:
        say(failure("server-error", error))
        return
    say({"event": "received", "peer": socket_address(sender, listener.family), "bytes": len(datagram),
         "payloadMatched": datagram == token})
    try:
        listener.sendto(datagram, sender)
    except OSError as error:
        say(failure("server-error", error))
        return
    say({"event": "replied"})


def accept_socket(listener):
    """listener.accept() as socket.py writes it (3.8 to 3.13), on the C socket's _accept, which gives a descriptor.

    The new socket has the listener's family, type and protocol; where the listener has a timeout and there is
    no default timeout, it is set blocking, overriding what a platform lets it inherit (CPython issue 7995).
    """
    fd, peer = listener._accept()
    connection = _socket.socket(listener.family, listener.type, listener.proto, fileno=fd)
    if _socket.getdefaulttimeout() is None and listener.gettimeout():
        connection.setblocking(True)
    return connection, peer


def accept(listener, watch, connections):
    try:
        connection, peer = accept_socket(listener)
    except BlockingIOError:
        return
    except OSError as error:
        say(failure("server-error", error))
        return
    # Blocking with a bound: recv only runs once the watch says readable, and the echo is a few bytes.
    connection.settimeout(5)
    connections[connection] = {"peer": socket_address(peer, listener.family), "payload": b"", "echoed": False}
    watch.register(connection.fileno(), connection)


def close_connection(connection, watch, connections):
    watch.unregister(connection.fileno())
    del connections[connection]
    connection.close()


def receive_stream(connection, watch, connections):
    state = connections[connection]
    try:
        chunk = connection.recv(65536)
    except OSError as error:
        say(failure("server-error", error))
        close_connection(connection, watch, connections)
        return
    if chunk == b"":
        close_connection(connection, watch, connections)
        return
    if state["echoed"]:
        return
    state["payload"] += chunk
    payload = state["payload"]
    if answer_http:
        # A request's head ends with an empty line; a head that never ends is answered at 64 KiB.
        if b"\r\n\r\n" not in payload and len(payload) < 65536:
            return
    elif len(payload) < len(token):
        return
    state["echoed"] = True
    say({"event": "received", "peer": state["peer"], "bytes": len(payload), "payloadMatched": payload == token})
    try:
        connection.sendall(http_answer if answer_http else payload)
    except OSError as error:
        say(failure("server-error", error))
        return
    say({"event": "replied"})
    if answer_http:
        close_connection(connection, watch, connections)


def main():
    try:
        listener = open_listener()
    except BindFailed as failed:
        message = failure("bind-error", failed.error)
        message["syscall"] = failed.syscall
        say(message)
        return
    except NotLoopback as refusal:
        say({"event": "bind-error", "code": "ENOTLOOPBACK", "message": str(refusal)})
        return
    bound = listener.getsockname()
    ipv6_only = None
    if listener.family == _socket.AF_INET6:
        ipv6_only = listener.getsockopt(_socket.IPPROTO_IPV6, _socket.IPV6_V6ONLY) != 0
    say({"event": "ready", "bound": socket_address(bound, listener.family), "ipv6OnlyEffective": ipv6_only})
    try:
        serve(listener)
    finally:
        listener.close()


main()

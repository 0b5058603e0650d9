# The client side of a cell, as a Python program does it: socket(family, type) and connect, or
# socket.create_connection; send the token, wait for its echo, say what happened in one line.
# Standard library only, and few imports: every cell starts one, under -I -S (PROTOCOL.md, "Python").
# Built-in and C modules only. The sockets are _socket.socket, the C type socket.socket subclasses, with the
# same calls: importing socket.py (enum, to make every AF_/SOCK_ constant an IntEnum, then selectors,
# collections, functools) took about 5 ms of an agent's 14 ms start here (CPU; a bare interpreter, 7 ms),
# for nothing an agent uses. Only create_connection to a literal, Python's own function called as is,
# imports socket, in its own branch.
# _thread and time are built in and loaded already, and the launcher imports os: the stdin watch costs no import.
import _socket
import _thread
import os
import sys
import time

# The agents' JSON (json_lines.py, no json package) and what both agents say of sockets, on the launcher's path.
from json_lines import dumps, loads  # noqa: E402
from socket_words import error_code, is_loopback, packed, socket_address  # noqa: E402

instructions = loads(sys.argv[-1])
transport = instructions["transport"]
client = instructions["client"]
target = client["address"]
port = instructions["port"]
token = instructions["token"].encode("utf-8")
connect_timeout = instructions["connectTimeoutMs"] / 1000
exchange_timeout = instructions["exchangeTimeoutMs"] / 1000
# Against a user's own server (PROTOCOL.md): "connect" is done at the handshake, "http" at a response's status line.
probe = instructions.get("probe")

observation = {"resolved": None, "local": None, "remote": None, "attempts": []}


class Failure(Exception):
    """The cell's result when it is not connected: where, the code, and the message."""

    def __init__(self, phase, code, message):
        Exception.__init__(self, message)
        self.phase = phase
        self.code = code
        self.message = message


def failed_at(phase, error):
    """A Python error as a failure: a gaierror is the resolver's, wherever it was raised (connect resolves too)."""
    if isinstance(error, _socket.gaierror):
        phase = "client-resolve"
    message = str(error)
    if isinstance(error, _socket.timeout) and error.errno is None:
        limit = "connectTimeoutMs" if phase == "client-connect" else "exchangeTimeoutMs"
        message = "%s (the client's %s, %d ms)" % (message, limit, instructions[limit])
    return Failure(phase, error_code(error), message)


# What inet_pton does not read is a name: resolved, recorded and checked before any connect.
target_literal = packed(target)
target_is_name = target_literal is None


def not_loopback(address):
    return Failure("client-resolve", "ENOTLOOPBACK",
                   "%s is not a loopback address: sockmatrix sends nothing off this machine" % address)


def resolve(service, family, kind):
    """getaddrinfo as Python's own call makes it; every address recorded, and any that is not loopback refused."""
    # socket.getaddrinfo is _socket's with its families and types made IntEnums: the same call and results.
    try:
        results = _socket.getaddrinfo(target, service, family, kind)
    except OSError as error:
        raise failed_at("client-resolve", error)
    seen = []
    for result in results:
        address = result[4][0]
        entry = {"address": address, "family": 6 if result[0] == _socket.AF_INET6 else 4}
        if entry not in seen:
            seen.append(entry)
    observation["resolved"] = seen
    for entry in seen:
        literal = packed(entry["address"])
        if literal is None or not is_loopback(*literal):
            raise Failure("client-resolve", "ENOTLOOPBACK", "%s resolved to %s, which is not loopback: "
                          "sockmatrix sends nothing off this machine" % (target, entry["address"]))
    return results


def connected(connection):
    observation["local"] = socket_address(connection.getsockname(), connection.family)
    observation["remote"] = socket_address(connection.getpeername(), connection.family)


def create_connection():
    """socket.create_connection((target, port), timeout): each address of the name in order, until one connects."""
    if not target_is_name:
        # A literal: Python's own call, so its own errors show. It is socket.py's function: this branch alone
        # imports socket, here, and its connection is a socket.socket (the same C calls on it below).
        import socket

        try:
            return socket.create_connection((target, port), connect_timeout)
        except OSError as error:
            raise failed_at("client-connect", error)
    # A name, resolved with create_connection's own arguments: its loop, each failure recorded where there
    # were several addresses to try. Like create_connection (3.8 to 3.13, no all_errors), it raises the last.
    results = resolve(port, _socket.AF_UNSPEC, _socket.SOCK_STREAM)
    last_error = None
    for family, kind, protocol, _, address in results:
        attempt = _socket.socket(family, kind, protocol)
        try:
            attempt.settimeout(connect_timeout)
            attempt.connect(address)
            return attempt
        except OSError as error:
            attempt.close()
            last_error = failed_at("client-connect", error)
            if len(results) > 1:
                observation["attempts"].append({"address": address[0], "port": address[1], "code": last_error.code})
    if last_error is None:
        raise Failure("client-connect", "UNKNOWN", "getaddrinfo returns an empty list")
    raise last_error


def raw_socket(kind):
    """socket(family, kind).connect((target, port)): a name goes to its first address, as connect resolves it."""
    family = _socket.AF_INET6 if client["family"] == 6 else _socket.AF_INET
    destination = target
    if target_is_name:
        # connect() itself asks getaddrinfo(name, None, family) and takes the first result: the same call.
        destination = resolve(None, family, 0)[0][4][0]
    connection = _socket.socket(family, kind)
    try:
        if kind == _socket.SOCK_STREAM:
            connection.settimeout(connect_timeout)
        connection.connect((destination, port))
    except OSError as error:
        connection.close()
        raise failed_at("client-connect", error)
    return connection


def send_and_read(connection, message, enough, closed_before):
    """Send a message, then read until enough(answer) holds, within exchange_timeout.

    An end of file fails the exchange where nothing came back, and anywhere before enough where
    closed_before names what the server was to do; otherwise what came back is the answer.
    """
    deadline = time.monotonic() + exchange_timeout
    try:
        connection.settimeout(exchange_timeout)
        connection.sendall(message)
    except OSError as error:
        raise failed_at("client-send", error)
    answer = b""
    while not enough(answer):
        try:
            connection.settimeout(max(deadline - time.monotonic(), 0.001))
            chunk = connection.recv(65536)
        except OSError as error:
            raise failed_at("exchange", error)
        if chunk == b"":
            if answer == b"" or closed_before is not None:
                raise Failure("exchange", "EOF", "the server closed the connection before %s" % (closed_before or "answering"))
            break
        answer += chunk
    return answer


def exchange_stream(connection):
    echo = send_and_read(connection, token, lambda echo: len(echo) >= len(token), "echoing")
    if echo != token:
        raise Failure("exchange", "EBADECHO", "the echo differs from the token sent (%d bytes back)" % len(echo))


def exchange_http(connection):
    """A GET of /, and the status line of whatever answers: any status is an HTTP server that answered."""
    host = ("[%s]" % target if ":" in target else target) + ":%d" % port
    request = "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: sockmatrix\r\nAccept: */*\r\nConnection: close\r\n\r\n" % host
    answer = send_and_read(connection, request.encode("ascii"), lambda answer: b"\r\n" in answer or len(answer) >= 8192, None)
    words = answer.split(b"\r\n", 1)[0].split(b" ")
    if len(words) < 2 or not words[0].startswith(b"HTTP/") or len(words[1]) != 3 or not words[1].isdigit():
        raise Failure("exchange", "ENOTHTTP", "the server answered, but not with an HTTP status line: %r" % answer[:60])
    observation["httpStatus"] = int(words[1])


def exchange_datagram(connection):
    try:
        connection.send(token)
    except OSError as error:
        raise failed_at("client-send", error)
    try:
        connection.settimeout(exchange_timeout)
        echo = connection.recv(65535)
    except OSError as error:
        raise failed_at("exchange", error)
    if echo != token:
        raise Failure("exchange", "EBADECHO", "the echo differs from the token sent (%d bytes back)" % len(echo))


def dial():
    if target_literal is not None and not is_loopback(*target_literal):
        raise not_loopback(target)
    if transport == "udp":
        connection = raw_socket(_socket.SOCK_DGRAM)
    elif client["family"] is None:
        connection = create_connection()
    else:
        connection = raw_socket(_socket.SOCK_STREAM)
    try:
        try:
            connected(connection)
        except OSError as error:
            raise failed_at("client-connect", error)
        if transport == "udp":
            exchange_datagram(connection)
        elif probe == "http":
            exchange_http(connection)
        elif probe != "connect":
            exchange_stream(connection)
    finally:
        connection.close()


# Once a UDP server has sent its reply, the datagram is in this socket or was dropped by it (a connected UDP socket
# takes datagrams from the address it dialed only): the harness says so on stdin (PROTOCOL.md, server-replied).
SERVER_REPLIED_GRACE = 0.25
said_lock = _thread.allocate_lock()
said = []


def say(result):
    """Write the one result line, once: the dialing thread and the stdin watch may both have one."""
    with said_lock:
        if said:
            return
        said.append(result)
        sys.stdout.write(dumps(result) + "\n")
        sys.stdout.flush()


def exit_when_stdin_closes():
    """The harness holds stdin open until it has the result: its end means the harness is gone, so leave at once."""
    seen = b""
    try:
        while True:
            chunk = os.read(0, 4096)
            if not chunk:
                break
            seen += chunk
            if transport == "udp" and b'"server-replied"' in seen:
                time.sleep(SERVER_REPLIED_GRACE)
                say({"event": "failed", "phase": "exchange", "code": "ETIMEDOUT",
                     "message": "no reply: the server replied, and nothing reached this socket within %d ms after "
                                "(a connected UDP socket drops a reply from another address)" % (SERVER_REPLIED_GRACE * 1000),
                     "observation": observation})
                os._exit(0)
    except OSError:
        pass
    os._exit(0)


def main():
    # The watch blocks in read on a thread of its own while this one dials.
    _thread.start_new_thread(exit_when_stdin_closes, ())
    try:
        dial()
        result = {"event": "connected", "observation": observation}
    except Failure as failure:
        result = {"event": "failed", "phase": failure.phase, "code": failure.code, "message": failure.message,
                  "observation": observation}
    say(result)


main()

# What both Python agents say of sockets, in one place: an error's code, an address as a message carries it,
# and whether a literal is loopback. Built-in and C modules only, like the agents (PROTOCOL.md, "Python").
import _socket
import errno

# The resolver's errors by number; a name shared by two (on some systems) goes to the first listed.
eai_names = {}
for _name in ("EAI_NONAME", "EAI_ADDRFAMILY", "EAI_AGAIN", "EAI_FAIL", "EAI_FAMILY", "EAI_SOCKTYPE",
              "EAI_SERVICE", "EAI_MEMORY", "EAI_SYSTEM", "EAI_OVERFLOW", "EAI_NODATA", "EAI_BADFLAGS"):
    if hasattr(_socket, _name):
        eai_names.setdefault(getattr(_socket, _name), _name)


def error_code(error):
    """The errno name of an error, its EAI_ name for the resolver's, ETIMEDOUT for a socket timeout.

    A negative number is the resolver's too: create_server re-raises a gaierror as a plain OSError.
    """
    number = error.errno
    # socket.timeout and socket.gaierror are these two (socket.py takes them from _socket).
    if isinstance(error, _socket.timeout) and number is None:
        return "ETIMEDOUT"
    if number is None:
        return "UNKNOWN"
    if number < 0 or isinstance(error, _socket.gaierror):
        return eai_names.get(number, "UNKNOWN")
    return errno.errorcode.get(number, "UNKNOWN")


def socket_address(address, family):
    return {"address": address[0], "port": address[1], "family": 6 if family == _socket.AF_INET6 else 4}


def packed(address):
    """The address as bytes and its family, or None for something inet_pton does not read (a name)."""
    for family in (_socket.AF_INET, _socket.AF_INET6):
        try:
            return _socket.inet_pton(family, address), family
        except (OSError, ValueError):
            pass
    return None


def is_loopback(raw, family):
    """Whether a packed address is loopback: 127/8, ::1, or 127/8 mapped into IPv6."""
    if family == _socket.AF_INET:
        return raw[0] == 127
    return raw == b"\0" * 15 + b"\1" or (raw[:12] == b"\0" * 10 + b"\xff\xff" and raw[12] == 127)

# JSON for the agents without the json package: json imports re and more, about a sixth of an agent's start.
# CPython's own C parser and string encoder (_json, what json uses when it can) do the work, so the instructions
# are read, and a message written, byte for byte as json.loads and json.dumps(separators=(",", ":")) would.
# Elsewhere (an interpreter without _json) it is the json package itself.
try:
    from _json import encode_basestring_ascii as _quote
    from _json import make_scanner as _make_scanner
except ImportError:  # pragma: no cover - not CPython
    import json as _json_package

    def loads(text):
        return _json_package.loads(text)

    def dumps(value):
        return _json_package.dumps(value, separators=(",", ":"))

else:

    class _Context(object):
        """What the C scanner reads from json.JSONDecoder: its defaults."""

        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_float = float
        parse_int = int
        parse_constant = float  # NaN, Infinity, -Infinity, as json.loads reads them
        memo = {}

    _scan = _make_scanner(_Context())

    def loads(text):
        """One JSON value, the whole text, as json.loads reads it; ValueError otherwise."""
        text = text.strip(" \t\n\r")
        try:
            value, end = _scan(text, 0)
        except StopIteration:
            raise ValueError("the instructions are not JSON: %r" % text[:60])
        if end != len(text):
            raise ValueError("the instructions have more after their JSON value: %r" % text[end:end + 60])
        return value

    def dumps(value):
        """A message as json.dumps(value, separators=(",", ":")) writes it: ASCII, compact."""
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, str):
            return _quote(value)
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
            return float.__repr__(value)
        if isinstance(value, dict):
            return "{" + ",".join(_quote(key) + ":" + dumps(item) for key, item in value.items()) + "}"
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(dumps(item) for item in value) + "]"
        raise TypeError("a message holds %r, which the agents never write" % (value,))

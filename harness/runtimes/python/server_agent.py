# The server agent, as started: server_main.py is its code, imported rather than run, so that Python keeps it
# compiled in __pycache__ (a script is compiled again at every start; server_main.py took about 1-2 ms of it).
# -I leaves this folder off the path: it goes at the end, after the standard library.
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
import server_main  # noqa: E402,F401

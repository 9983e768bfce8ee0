"""Ctrl-C while the command line is still importing: one line and exit status 130.

Importing numpy and scipy takes a second or two; a Ctrl-C then would otherwise print an
import traceback. When the process is the ``repatcost`` command (the console script or
``python -m repatcost``), :func:`guard_imports` makes SIGINT end it at once, quietly, until
:func:`release` (called by the CLI's ``main``) restores Python's own handler, after which Ctrl-C
is a ``KeyboardInterrupt`` the CLI turns into the same line. Nothing has been written before
``main`` runs, so there is nothing to clean up. A program that imports repatcost is not
affected.

The package imports this module first, and this module imports only ``signal`` beyond what
the interpreter has loaded at start-up (``os``, ``sys``), so the guard is in place within a
fraction of a millisecond of our first line. What runs before that is not ours: the
interpreter's start-up (a Ctrl-C there ends it silently, or with Python's own message once
its handler is in) and the console script's own ``import re``.
"""

import os
import signal
import sys

__all__ = ["guard_imports", "release"]


def _quit(signum: int, frame: object) -> None:
    os.write(2, b"repatcost: error: interrupted\n")
    os._exit(130)


def guard_imports() -> None:
    """Install the quiet SIGINT handler if this process is the ``repatcost`` command."""
    first = sys.argv[0] if sys.argv else ""
    if first == "-m" or os.path.basename(first) == "repatcost":
        try:  # noqa: SIM105 - contextlib would cost milliseconds of imports before the guard
            signal.signal(signal.SIGINT, _quit)
        except ValueError:  # not the main thread: leave it
            pass


def release() -> None:
    """Give SIGINT back to Python (``KeyboardInterrupt``) if :func:`guard_imports` took it."""
    if signal.getsignal(signal.SIGINT) is _quit:
        signal.signal(signal.SIGINT, signal.default_int_handler)


guard_imports()  # on import: the package imports this module before anything heavy

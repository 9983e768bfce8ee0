"""Ctrl-C while the command line is still importing: one line and exit status 130.

Importing numpy and scipy takes a second or two; a Ctrl-C then would otherwise print an
import traceback. When the process is the ``repatcost`` command (the console script or
``python -m repatcost``), :func:`guard_imports` makes SIGINT end it at once, quietly, until
:func:`release` (called by the CLI's ``main``) restores Python's own handler, after which Ctrl-C
is a ``KeyboardInterrupt`` the CLI turns into the same line. Nothing has been written before
``main`` runs, so there is nothing to clean up. A program that imports repatcost is not
affected.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from types import FrameType

__all__ = ["guard_imports", "release"]


def _quit(signum: int, frame: FrameType | None) -> None:
    os.write(2, b"repatcost: error: interrupted\n")
    os._exit(130)


def guard_imports() -> None:
    """Install the quiet SIGINT handler if this process is the ``repatcost`` command."""
    first = sys.argv[0] if sys.argv else ""
    if first == "-m" or Path(first).name == "repatcost":
        with contextlib.suppress(ValueError):  # not the main thread: leave it
            signal.signal(signal.SIGINT, _quit)


def release() -> None:
    """Give SIGINT back to Python (``KeyboardInterrupt``) if :func:`guard_imports` took it."""
    if signal.getsignal(signal.SIGINT) is _quit:
        signal.signal(signal.SIGINT, signal.default_int_handler)


guard_imports()  # on import: the package imports this module before anything heavy

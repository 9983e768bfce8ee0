"""A progress line on standard error for runs longer than about two seconds.

One home for the command line (``--quiet``) and the library (for example
:func:`repatcost.testing.check_estimator`'s ``progress=False``). It writes only when standard
error is a terminal, so pipes, files and logs never see it.

>>> with progress("demo", show=False):
...     total = sum(range(10))
>>> total
45
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator

__all__ = ["PROGRESS_AFTER", "progress"]

PROGRESS_AFTER = 2.0
"""Seconds a run goes on before a progress line appears (on a terminal only)."""


@contextlib.contextmanager
def progress(label: str, *, show: bool = True, after: float | None = None) -> Iterator[None]:
    """Show ``repatcost: LABEL ... N s`` on standard error while the block runs longer than
    ``after`` seconds (default :data:`PROGRESS_AFTER`, read at each call), when ``show`` is
    true and standard error is a terminal; the line is cleared at the end.
    """
    wait = PROGRESS_AFTER if after is None else after
    stream = sys.stderr
    if not show or not stream.isatty():
        yield
        return
    done = threading.Event()
    start = time.monotonic()

    def tick() -> None:
        shown = False
        while not done.wait(wait if not shown else 1.0):
            stream.write(f"\rrepatcost: {label} ... {time.monotonic() - start:.0f} s")
            stream.flush()
            shown = True
        if shown:
            stream.write("\r\033[K")
            stream.flush()

    worker = threading.Thread(target=tick, daemon=True)
    worker.start()
    try:
        yield
    finally:
        done.set()
        worker.join()

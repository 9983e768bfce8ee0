"""Safe file output: never replace an input, never leave a half-written or temporary file.

One home for every write repatcost does (reports, tables, charts, the golden file):

- a path that is one of the command's inputs (same resolved path or :func:`os.path.samefile`)
  is refused before anything is written, so a refused command changes no file;
- a regular file (or a new one) is written through a temporary file in the same folder and a
  rename, so a reader never sees half a file and an interrupted write leaves the old content;
- a symbolic link is written through: its target is replaced, the link stays;
- a pipe, a device (``/dev/null``, ``/dev/stdout``) or another non-regular file is written
  directly, never renamed over;
- a new file gets the mode the umask allows (``0o666 & ~umask``); an existing file keeps its;
- every error names the path the user gave, never the temporary file;
- a name spelled as a folder (``notes.md/``, ``results/.``) or an existing folder is refused:
  a trailing slash names a folder, as in every shell tool, and is never read as the file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from repatcost.errors import InvalidValueError

__all__ = [
    "OutputIsInputError",
    "check_not_input",
    "check_output",
    "folder_reason",
    "write_atomic",
]


class OutputIsInputError(InvalidValueError):
    """The output path is one of the files the command reads; nothing was written.

    ``args`` is ``(message, owner, field, value)`` like every :class:`InvalidValueError`.
    """


def _same_file(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): not the same file
        return False


def check_not_input(path: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise :class:`OutputIsInputError` if ``path`` is (or links to) any of ``inputs``.

    >>> import tempfile, pathlib
    >>> scenario = pathlib.Path(tempfile.mkdtemp()) / "study.toml"
    >>> _ = scenario.write_text("x = 1")
    >>> check_not_input(scenario.parent / "report.md", [scenario])  # fine
    >>> check_not_input(scenario.parent / "." / "study.toml", [scenario])
    Traceback (most recent call last):
    ...
    repatcost._io.OutputIsInputError: refusing to write ... it is an input of this command ...
    """
    target = Path(path)
    for source in inputs:
        if _same_file(target, Path(source)):
            message = (
                f"refusing to write {str(target)!r}: it is an input of this command "
                f"({str(source)!r}); choose another output file"
            )
            raise OutputIsInputError(message, "output", "path", str(target))


def folder_reason(path: str | Path) -> str | None:
    """Why ``path`` names a folder rather than a file (or None when it may name a file).

    Read from the text the user typed, before :class:`~pathlib.Path` drops a trailing slash
    (``Path("notes.md/")`` is ``notes.md``, a file that would be replaced).

    >>> folder_reason("notes.md/"), folder_reason("notes.md")
    ('a trailing slash names a folder, not a file', None)
    >>> folder_reason("/")
    'a folder, not a file'
    """
    text = os.fspath(path)
    if text == "-":
        return None
    seps = tuple(s for s in (os.sep, os.altsep) if s)
    last = re.split("|".join(re.escape(s) for s in seps), text)[-1]
    if os.path.isdir(text):
        return "a folder, not a file"
    if text.endswith(seps) or last in (".", ".."):
        return "a trailing slash names a folder, not a file"
    return None


def _umask_mode() -> int:
    """``0o666`` less the process's umask: the mode a plain ``open(path, "w")`` would give."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _named(err: OSError, path: Path, why: str | None = None) -> OSError:
    """The same kind of error, naming the user's ``path`` (not a temporary file)."""
    code = err.errno if err.errno is not None else errno.EIO
    return OSError(code, why or err.strerror or str(err) or os.strerror(code), str(path))


def _write_direct(path: Path, payload: bytes) -> None:
    with open(path, "wb") as out:
        out.write(payload)


def _write_replace(user: Path, target: Path, payload: bytes) -> None:
    """Write ``payload`` to the regular file (or new file) ``target`` by temp file + rename."""
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is not writable", str(user))
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _umask_mode() if info is None else stat.S_IMODE(info.st_mode))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> int | None:
    """Check ``path`` can take output before any work is done; return its ``st_mode`` or None.

    Raises :class:`OutputIsInputError` if it is one of ``inputs``, :class:`IsADirectoryError`
    for a folder, :class:`FileNotFoundError` if its folder is missing; each names ``path``.
    """
    user = Path(path)
    if isinstance(path, str) and (why := folder_reason(path)) is not None:
        raise IsADirectoryError(errno.EISDIR, why, path)
    check_not_input(user, inputs)
    try:
        mode: int | None = os.stat(user).st_mode  # follows links: where the data would land
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise _named(err, user) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(user))
    if mode is None and not Path(os.path.realpath(user)).parent.is_dir():
        why = f"the folder {str(user.parent)!r} does not exist"
        raise FileNotFoundError(errno.ENOENT, why, str(user))
    return mode


def write_atomic(
    path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = ()
) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` safely; return ``path``.

    ``inputs`` are the files the caller has read: writing to any of them is refused with
    :class:`OutputIsInputError` before anything is touched. See the module docs for links,
    pipes, devices and modes. If anything fails (including Ctrl-C), a regular file keeps its
    old content (or stays absent) and no temporary file is left; the error names ``path``.

    >>> import tempfile, pathlib
    >>> out = write_atomic(pathlib.Path(tempfile.mkdtemp()) / "r.md", "# Report\\n")
    >>> out.read_text()
    '# Report\\n'
    """
    user = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = check_output(path if isinstance(path, str) else user, inputs)
    try:
        if mode is not None and not stat.S_ISREG(mode):
            _write_direct(user, payload)
        else:
            _write_replace(user, Path(os.path.realpath(user)), payload)
    except OSError as err:
        raise _named(err, user) from None
    return user

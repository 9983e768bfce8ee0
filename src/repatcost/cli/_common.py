"""Options and error handling shared by the commands."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import errno
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from repatcost._io import check_output, folder_reason, write_atomic
from repatcost._text import printable
from repatcost.constraints import LEVEL
from repatcost.data import BUNDLED_SCENARIO
from repatcost.engine import DEFAULT_SAMPLES
from repatcost.errors import InvalidValueError, RepatcostError, shorten
from repatcost.outputs import output_names
from repatcost.packs import packaged_files
from repatcost.readings import choose
from repatcost.scenario import load_scenario
from repatcost.study import Study
from repatcost.tables import FORMATS, Table, markdown_inline

N = TypeVar("N", int, float)

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "MAX_SAMPLES",
    "CliError",
    "Parser",
    "add_design",
    "add_output",
    "add_output_file",
    "add_quiet",
    "add_run_options",
    "add_scenario",
    "check_output_name",
    "command_inputs",
    "describe_error",
    "emit",
    "flags_named",
    "number_parser",
    "parse_design",
    "parse_file",
    "parse_level",
    "parse_output",
    "parse_samples",
    "parse_seed",
    "prepare_output",
    "refuse_auto",
    "render_table",
    "report_error",
    "study_from",
    "suggest",
    "warnings_as_notes",
    "write_stdout",
]

EXIT_USAGE = 2
"""Exit status of every error the user can fix: flags, files, paths, a bad scenario."""
EXIT_INTERNAL = 1
"""Exit status of an internal error (a bug in repatcost or a plugin)."""
EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT, as shells report it)."""
MAX_SAMPLES = 10_000_000
DEFAULT_SEED = 0


class CliError(Exception):
    """An error a user can fix; printed as one line."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def suggest(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices`` to ``name``, or ``""``.

    >>> suggest("aarhs", ["aarhus", "odense"]), suggest("zzz", ["aarhus"])
    (" (did you mean 'aarhus'?)", '')
    """
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)'")


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (no usage dump, no traceback), with
    no abbreviated options (``--sample`` is not taken as ``--samples``) and a did-you-mean
    suggestion for a mistyped option or choice."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def parse_command(self, argv: Sequence[str] | None = None) -> argparse.Namespace:
        """``parse_args``, except that an unrecognised argument is refused with a
        did-you-mean drawn from the options of the command it was given to.

        >>> from repatcost.cli import build_parser
        >>> try:
        ...     build_parser().parse_command(["validate", "x.toml", "--sample", "9"])
        ... except CliError as err:
        ...     print(err)
        unrecognized arguments: --sample 9 (see 'repatcost validate --help')
        """
        args, extras = self.parse_known_args(argv)
        if extras:
            parser = self._command_parser(getattr(args, "command", None))
            hint = suggest(extras[0].split("=")[0], parser._option_string_actions)
            raise CliError(
                f"unrecognized arguments: {' '.join(extras)}{hint} (see '{parser.prog} --help')",
                EXIT_USAGE,
            )
        return args

    def _command_parser(self, name: str | None) -> argparse.ArgumentParser:
        """The parser of command ``name``, or this one."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction) and name in action.choices:
                parser: argparse.ArgumentParser = action.choices[name]
                return parser
        return self

    def error(self, message: str) -> NoReturn:
        hint = ""
        if found := _INVALID_CHOICE.search(message):
            choices = [c for a in self._actions if a.choices for c in a.choices]
            hint = suggest(found.group(1), choices)
        raise CliError(f"{message}{hint} (see '{self.prog} --help')", EXIT_USAGE)


def report_error(message: str, status: int) -> int:
    """Print ``message`` as the command's error and return ``status``."""
    print(f"repatcost: error: {printable(message)}", file=sys.stderr)
    return status


def _notes() -> Callable[..., None]:
    """A ``warnings.showwarning`` for the command line: each distinct warning once, as one
    ``repatcost: note: ...`` line."""
    shown: set[str] = set()

    def note(message: Warning | str, *args: Any, **kwargs: Any) -> None:
        text = printable(" ".join(str(message).split()).removeprefix("repatcost: "))
        if text not in shown:
            shown.add(text)
            print(f"repatcost: note: {text}", file=sys.stderr)

    return note


@contextlib.contextmanager
def warnings_as_notes() -> Iterator[None]:
    """Inside, every warning (from repatcost, a plugin, numpy or matplotlib, e.g. a glyph
    missing for an emoji in a name) is one ``repatcost: note: ...`` line on standard error,
    never Python's warning format with a file and a line.

    >>> with warnings_as_notes():
    ...     warnings.warn("Glyph 128512 missing from font(s) DejaVu Sans.", UserWarning)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("default")  # shown (as notes), whatever filters were set
        # as in Python's own defaults: a file left open by an import that Ctrl-C cut short
        # is Python's own housekeeping, not something the user can act on
        warnings.simplefilter("ignore", ResourceWarning)
        warnings.showwarning = _notes()
        yield


def describe_error(err: BaseException) -> tuple[str, int]:
    """The one-line message and exit status for an exception that ended a command."""
    if isinstance(err, CliError):
        return str(err), err.status
    if isinstance(err, OSError) and err.filename is not None:
        return f"{err.filename}: {err.strerror}", EXIT_USAGE
    if isinstance(err, InvalidValueError) and err.expected.startswith("one of "):
        choices = [c.strip(" '\"") for c in re.split(r",|\bor\b", err.expected[7:])]
        return f"{err}{suggest(str(err.value), choices)}", EXIT_USAGE
    if isinstance(err, RepatcostError | OSError):
        return str(err), EXIT_USAGE
    if isinstance(err, MemoryError):
        return "not enough memory for this run; try fewer --samples", EXIT_USAGE
    text = str(err)
    text = text if len(text) <= 200 else text[:200] + "..."
    return f"internal error ({type(err).__name__}: {text}); please report it", EXIT_INTERNAL


FLAG_OF_FIELD = {"n": "--samples", "level": "--level", "tolerance": "--tolerance"}
"""The library parameter each run flag becomes (``--samples 500`` is ``n=500``)."""


@contextlib.contextmanager
def flags_named() -> Iterator[None]:
    """Around a run from the flags: a library refusal of a field of :data:`FLAG_OF_FIELD`
    (``n``, ``level``, ``tolerance``) names the flag.

    The rule stays in the library (one home); only the name the user typed is put back.
    Wrap only the run itself, not the scenario's loading, whose ``level`` is a file's field.

    >>> with flags_named():
    ...     raise InvalidValueError.for_field("sobol", "n", 2, "a power of 2 >= 64")
    Traceback (most recent call last):
    repatcost.cli._common.CliError: --samples must be a power of 2 >= 64. Got 2 instead.
    """
    try:
        yield
    except InvalidValueError as err:
        flag = FLAG_OF_FIELD.get(err.field)
        if flag is None:
            raise
        raise CliError(
            f"{flag} must be {err.expected}. Got {shorten(err.value)} instead."
        ) from err


def parse_samples(text: str) -> int | str:
    """``--samples``: a whole number in [1, MAX_SAMPLES] or ``auto``."""
    if text == "auto":
        return text
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of samples or 'auto', got {text!r}"
        ) from None
    if not 1 <= value <= MAX_SAMPLES:
        raise argparse.ArgumentTypeError(
            f"expected between 1 and {MAX_SAMPLES:,} samples, got {value}"
        )
    return value


def number_parser(
    convert: Callable[[str], N], accepts: Callable[[N], bool], expectation: str
) -> Callable[[str], N]:
    """An argparse ``type``: ``convert`` the text, then require ``accepts``; either failure
    says ``expected <expectation>, got <value>``.

    >>> parse_seed("7"), parse_level("0.9")
    (7, 0.9)
    """

    def parse(text: str) -> N:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expectation}, got {text!r}") from None
        if not accepts(value):
            raise argparse.ArgumentTypeError(f"expected {expectation}, got {value:g}")
        return value

    return parse


parse_seed = number_parser(int, lambda v: v >= 0, "a whole number >= 0")
"""``--seed``: a whole number >= 0."""

parse_level = number_parser(float, LEVEL.accepts, LEVEL.expectation)
"""``--level``: a number strictly between 0 and 1."""


def parse_file(text: str) -> Path:
    """A file-name option or argument: any path but an empty one, which ``Path`` would read
    as the current folder (``--output ""`` is a usage error naming the flag, not a folder).

    >>> parse_file("report.md")
    PosixPath('report.md')
    >>> parse_file("")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a file name, got an empty string
    """
    if not text:
        raise argparse.ArgumentTypeError("expected a file name, got an empty string")
    return Path(text)


def parse_output(text: str) -> Path:
    """An ``--output`` name: a file name, never a folder's (``notes.md/``, an existing folder),
    refused here so that the message names the flag.

    >>> parse_output("report.md")
    PosixPath('report.md')
    >>> parse_output("report.md/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a file name, got 'report.md/': a trailing slash ...
    """
    path = parse_file(text)
    if (why := folder_reason(text)) is not None:
        raise argparse.ArgumentTypeError(f"expected a file name, got {text!r}: {why}")
    return path


def add_scenario(parser: argparse.ArgumentParser) -> None:
    """``--scenario FILE`` (default: the bundled study)."""
    parser.add_argument(
        "--scenario",
        type=parse_file,
        default=None,
        metavar="FILE",
        help="scenario TOML file (default: the bundled four municipalities)",
    )
    parser.add_argument(
        "--reading",
        type=parse_reading,
        action="append",
        default=None,
        metavar="NAME=LABEL",
        help="read the source this way: make alternative LABEL of reading NAME the central "
        "one (e.g. kobenhavn.year=2022; repeatable)",
    )


def parse_reading(text: str) -> tuple[str, str]:
    """``--reading``: ``NAME=LABEL`` (e.g. ``kobenhavn.year=2022``)."""
    name, sep, label = text.partition("=")
    if not sep or not name.strip() or not label.strip():
        raise argparse.ArgumentTypeError(
            f"expected NAME=LABEL (e.g. kobenhavn.year=2022), got {text!r}"
        )
    return name.strip(), label.strip()


DESIGN_HELP = (
    "how the inputs are sampled: mc (plain Monte Carlo, the default), sobol (scrambled Sobol "
    "points; --samples a power of 2) or lhs (Latin hypercube); sobol and lhs need fewer "
    "samples for the same accuracy"
)
"""The help of ``--design`` (every command that takes it)."""


def parse_design(text: str) -> str:
    """``--design``: one of the engine's designs.

    >>> parse_design("sobol")
    'sobol'
    """
    from repatcost.engine import DESIGNS

    if text not in DESIGNS:
        raise argparse.ArgumentTypeError(
            f"expected one of {', '.join(DESIGNS)}, got {text!r}" + suggest(text, DESIGNS)
        )
    return text


def add_design(parser: argparse.ArgumentParser) -> None:
    """``--design mc|sobol|lhs`` (default mc)."""
    parser.add_argument(
        "--design", type=parse_design, default="mc", metavar="{mc,sobol,lhs}", help=DESIGN_HELP
    )


def add_run_options(parser: argparse.ArgumentParser, *, auto: bool = False) -> None:
    """``--samples``, ``--seed`` and ``--level``."""
    parser.add_argument(
        "--samples",
        type=parse_samples,
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=f"Monte Carlo samples (default {DEFAULT_SAMPLES:,})"
        + ("; 'auto' samples until the Monte Carlo error is small" if auto else ""),
    )
    parser.add_argument(
        "--seed",
        type=parse_seed,
        default=DEFAULT_SEED,
        help=f"random seed; the same seed gives the same output (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--level",
        type=parse_level,
        default=0.9,
        help="level of the equal-tailed interval (default 0.9)",
    )


def add_output(
    parser: argparse.ArgumentParser, formats: tuple[str, ...], *, what: str = ""
) -> None:
    """``--format`` and ``--output FILE`` (written atomically); ``what`` names the thing
    written in the help (``"table"``: "table format", "write the table to FILE")."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"{what or 'output'} format (default {formats[0]})",
    )
    parser.add_argument(
        "--output",
        type=parse_output,
        default=None,
        metavar="FILE",
        help=f"write {f'the {what} ' if what else ''}to FILE (atomically) instead of "
        "standard output",
    )


def add_output_file(parser: argparse.ArgumentParser, kind: str) -> None:
    """A required ``--output FILE.kind``: the one file of ``kind`` (``"HTML"``, ``"PNG"``)
    the command writes, atomically."""
    parser.add_argument(
        "--output",
        type=parse_output,
        required=True,
        metavar=f"FILE.{kind.lower()}",
        help=f"the {kind} file to write (atomically)",
    )


def refuse_auto(args: Any) -> None:
    """Refuse ``--samples auto`` in a command that runs a fixed number of samples."""
    if args.samples == "auto":
        raise CliError("--samples auto is not available for this command", EXIT_USAGE)


def render_table(table: Table, fmt: str, *, title: bool = True) -> str:
    """The table as text in ``fmt``, ending in a newline; in Markdown its notes follow as a
    list and, with ``title``, its title heads it.

    >>> print(render_table(Table(("a",), ((1,),), title="T", notes=("n",)), "markdown"), end="")
    ## T
    <BLANKLINE>
    | a |
    |---:|
    | 1 |
    <BLANKLINE>
    - n
    """
    if fmt not in FORMATS:
        raise CliError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", EXIT_USAGE)
    text = table.render(fmt)
    if fmt == "markdown":
        head = [f"## {markdown_inline(table.title)}", ""] if title and table.title else []
        parts = [*head, text]
        if table.notes:
            parts += ["", *(f"- {markdown_inline(note)}" for note in table.notes)]
        text = "\n".join(parts)
    return text if text.endswith("\n") else text + "\n"


def check_output_name(study: Study, name: str, flag: str = "--of") -> None:
    """Refuse ``name`` unless it is an output of ``study``, suggesting the closest one."""
    names = output_names(study)
    if name not in names:
        raise CliError(
            f"{flag} {name!r} is not an output of this study{suggest(name, names)}; choose "
            f"one of {', '.join(names)}",
            EXIT_USAGE,
        )


def study_from(args: Any) -> Study:
    """The study named by ``--scenario`` (the bundled one by default), read with the
    alternatives chosen by ``--reading``."""
    study = load_scenario(BUNDLED_SCENARIO if args.scenario is None else args.scenario)
    chosen = getattr(args, "reading", None)
    return choose(study, dict(chosen)) if chosen else study


def command_inputs(args: Any) -> tuple[Path, ...]:
    """Every file a command may read: its scenario (or the bundled one), other input files
    it names (``--drivers``, ``--population``) and every packaged data file (defaults, the
    packs' populations)."""
    from repatcost.national_population import population_data_files

    scenario = getattr(args, "scenario", None)
    files = (getattr(args, "drivers", None), getattr(args, "population", None))
    named = [Path(p) for p in files if isinstance(p, str | Path)]
    scenario_path = BUNDLED_SCENARIO if scenario is None else Path(scenario)
    packaged = dict.fromkeys((*packaged_files(), *population_data_files()))
    return (scenario_path, *named, *packaged)


def prepare_output(output: Path | None, args: Any) -> None:
    """Refuse a bad output path (an input, a folder, a missing folder) before any work."""
    if output is not None and str(output) != "-":
        check_output(output, command_inputs(args))


def emit(data: str | bytes, output: Path | None, args: Any) -> None:
    """Print ``data`` (``output`` None or ``-``), or write it safely to ``output``.

    Writing to any of :func:`command_inputs` is refused before anything is written. Text
    passes through :func:`~repatcost._text.printable` here, the one place every command's
    text leaves: no control character or bidirectional override from free text reaches it.
    """
    if isinstance(data, str):
        data = printable(data)
    if output is None or str(output) == "-":
        write_stdout(data)
        return
    write_atomic(output, data, inputs=command_inputs(args))


def _release_stdout() -> None:
    """Point a failed standard output at the null device, so that Python's own flush at
    exit cannot print a second error."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):  # no descriptor to replace: nothing to do
        pass


def _encodable(text: str, stream: Any) -> str:
    """``text`` as ``stream``'s encoding can show it: a character it cannot encode becomes
    ``?``, with one note on standard error (``--output`` files are always UTF-8)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        print(
            f"repatcost: note: standard output's encoding ({encoding}) cannot show every "
            "character; those are written as '?' (set PYTHONIOENCODING=utf-8, or use "
            "--output FILE, always UTF-8)",
            file=sys.stderr,
        )
        return text.encode(encoding, errors="replace").decode(encoding)
    except LookupError:  # an encoding Python does not know: let the stream decide
        return text
    return text


def write_stdout(data: str | bytes) -> None:
    """Write ``data`` to standard output and flush it. A closed or unwritable standard
    output is a :class:`CliError` (one line, exit 2); text the stream's encoding cannot show
    is written with replacement characters and a note."""
    stream = sys.stdout
    if stream is None:
        raise CliError("standard output is closed; redirect it or use --output FILE")
    try:
        if isinstance(data, bytes):
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        else:
            stream.write(_encodable(data, stream))
            stream.flush()
    except OSError as err:
        _release_stdout()
        why = "the reader closed it (broken pipe)" if err.errno == errno.EPIPE else err.strerror
        raise CliError(f"cannot write to standard output: {why or err}") from None


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress line on standard error."""
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress line on standard error during long runs",
    )

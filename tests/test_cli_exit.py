"""Exit status 2 for every user error, 1 for internal errors; no abbreviations; did-you-mean;
progress only on a terminal."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from repatcost._progress import progress
from repatcost.cli import COMMANDS, build_parser, main
from repatcost.cli import estimate as estimate_command
from repatcost.cli._common import flags_named, parse_file, parse_output
from repatcost.data import BUNDLED_SCENARIO
from repatcost.errors import InvalidValueError


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    err = capsys.readouterr().err
    return status, err


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["estimate", "--sample", "100"], "did you mean '--samples'"),
        (["estimate", "--samp", "100"], "unrecognized arguments"),
        (["estimate", "--seeds", "1"], "did you mean '--seed'"),
        (["estimat"], "did you mean 'estimate'"),
        (["estimate", "--format", "markdwn"], "did you mean 'markdown'"),
        (["sensitivity", "--method", "sobl"], "did you mean 'sobol'"),
        (["estimate", "--samples", "abc"], "whole number"),
        (["estimate", "--samples", "0"], "between 1 and"),
        (["estimate", "--level", "1"], "between 0 and 1"),
        (["sensitivity", "--of", "aarhs"], "did you mean 'aarhus'"),
        (["sensitivity", "--of", "totl"], "did you mean 'total'"),
        (
            ["sensitivity", "--method", "grid", "--x", "wage_cst", "--y", "overhead_share"],
            "did you mean 'wage_cost'",
        ),
        (["sensitivity", "--output", "total"], ""),  # old spelling of --of: a path now, no .md
        (["sensitivity", "--write", "x.md"], "unrecognized arguments"),
        (["plot", "tornado", "--out", "x.png"], "required: --output"),
        (["plot", "tornado", "--of", "aarhs", "--output", "x.png"], "did you mean 'aarhus'"),
        ([], "required"),
        *(  # an empty file name: the flag and that it takes one, not "'.': a folder"
            (args, f"argument {flag}: expected a file name, got an empty string")
            for *args, flag in (
                ("estimate", "--output", "", "--output"),
                ("estimate", "--scenario", "", "--scenario"),
                ("data", "--output", "", "--output"),
                ("assumptions", "--output", "", "--output"),
                ("sensitivity", "--output", "", "--output"),
                ("report", "--output", "", "--output"),
                ("plot", "tornado", "--output", "", "--output"),
                ("plot", "tornado", "--output", "x.png", "--scenario", "", "--scenario"),
                ("national", "--drivers", "", "--drivers"),
                ("national", "--population", "", "--population"),
                ("validate", "", "file"),
            )
        ),
    ],
)
def test_flag_and_name_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: list[str],
    hint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bad options, abbreviations, unknown names and empty file names: exit 2, one line, a
    hint where one fits."""
    monkeypatch.chdir(tmp_path)
    status, err = _run(capsys, *args)
    if args == ["sensitivity", "--output", "total"]:  # writes a file named total
        assert status == 0
        assert (tmp_path / "total").is_file()
        return
    assert status == 2, err
    assert err.startswith("repatcost: error: ")
    assert err.count("\n") == 1
    assert hint in err


@pytest.mark.parametrize(
    "make",
    ["missing", "folder", "empty", "binary", "bad_value", "zero"],
)
def test_file_errors_exit_2_and_leave_the_file_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: str
) -> None:
    """A missing, unreadable, empty, binary or invalid scenario: exit 2 for validate and
    estimate, never a traceback, the file byte for byte unchanged."""
    path = tmp_path / "s.toml"
    if make == "folder":
        path.mkdir()
    elif make == "empty":
        path.write_bytes(b"")
    elif make == "binary":
        path.write_bytes(bytes(range(256)))
    elif make == "bad_value":
        path.write_text(BUNDLED_SCENARIO.read_text().replace("code = 751", "code = 'x'"))
    elif make == "zero":
        path = Path("/dev/zero")
    before = path.read_bytes() if path.is_file() else None
    for args in (
        ["validate", str(path)],
        ["estimate", "--samples", "50", "--scenario", str(path)],
    ):
        status, err = _run(capsys, *args)
        assert status == 2, err
        assert "Traceback" not in err
    assert (path.read_bytes() if path.is_file() else None) == before


def test_path_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An output into a missing folder, onto a folder, or onto the scenario: exit 2."""
    scenario = tmp_path / "s.toml"
    shutil.copyfile(BUNDLED_SCENARIO, scenario)
    for output in (tmp_path / "no" / "r.md", tmp_path, scenario):
        status, err = _run(capsys, "data", "--scenario", str(scenario), "--output", str(output))
        assert status == 2, err


def test_an_internal_error_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (here a RuntimeError in the renderer) exits 1 with one 'internal error' line."""

    def broken(*_: object, **__: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(estimate_command, "render_report", broken)
    status, err = _run(capsys, "estimate", "--samples", "500")  # enough for a 90% interval
    assert status == 1
    assert err == "repatcost: error: internal error (RuntimeError: boom); please report it\n"


def test_running_out_of_memory_is_a_user_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """MemoryError exits 2 with advice to use fewer samples, not a traceback."""

    def huge(*_: object, **__: object) -> None:
        raise MemoryError

    monkeypatch.setattr("repatcost.study.Study.run", huge)
    status, err = _run(capsys, "estimate", "--samples", "500")
    assert status == 2
    assert "fewer --samples" in err


def test_every_parser_refuses_abbreviations_and_takes_quiet() -> None:
    """allow_abbrev is off for the program and every command; each command takes --quiet."""
    parser = build_parser()
    assert not parser.allow_abbrev
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) == set(COMMANDS)
    for name, command in subparsers.choices.items():
        assert not command.allow_abbrev, name
        assert "--quiet" in command._option_string_actions, name


def test_every_file_writing_command_names_its_file_output() -> None:
    """One name for the output file: every command that writes a file has --output FILE."""
    subparsers = next(
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    for name, command in subparsers.choices.items():
        if name == "validate":
            continue
        action = command._option_string_actions["--output"]
        assert action.type is parse_output, name
        assert "--write" not in command._option_string_actions
        assert "--out" not in command._option_string_actions


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _wait_for(stream: io.StringIO) -> None:
    deadline = time.monotonic() + 30
    while not stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_progress_shows_on_a_terminal_and_clears_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a terminal, a long block shows 'repatcost: LABEL ... N s' and clears it at the end."""
    stream = _Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    with progress("sobol", after=0.0):
        _wait_for(stream)
    text = stream.getvalue()
    assert text.startswith("\rrepatcost: sobol ... ")
    assert text.endswith("\r\033[K")


@pytest.mark.parametrize("case", ["quiet", "not a terminal"])
def test_progress_is_silent_with_quiet_or_off_a_terminal(
    monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """--quiet, or standard error that is a pipe or file: nothing is written."""
    stream = _Terminal() if case == "quiet" else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    with progress("sobol", show=case != "quiet", after=0.0):
        time.sleep(0.05)
    assert stream.getvalue() == ""


def test_a_library_one_of_error_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    """national --driver municipality: exit 2 and 'did you mean municipalities'."""
    status, err = _run(capsys, "national", "--driver", "municipality", "--samples", "100")
    assert status == 2
    assert "did you mean 'municipalities'" in err


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python (this one's interpreter) and capture its text output."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_ctrl_c_while_the_command_imports_is_one_line_and_130() -> None:
    """SIGINT after the guard is installed but before main: one line, exit 130, no traceback."""
    code = (
        "import sys\n"
        "sys.argv = ['-m']\n"
        "import os, signal, time\n"
        "import repatcost\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "time.sleep(30)\n"
    )
    done = _python(code)
    assert done.returncode == 130
    assert done.stderr == "repatcost: error: interrupted\n"


def test_the_guard_takes_ctrl_c_before_importing_anything_else() -> None:
    """The console script's first import of repatcost loads only the guard (and the signal
    module) before Ctrl-C is quiet: no import of ours runs under Python's own handler."""
    code = (
        "import re, sys\n"  # as the console script pip writes: re and sys, then our import
        "import _signal\n"
        "sys.argv = ['/usr/bin/repatcost', 'estimate']\n"
        "loaded = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:\n"
        "            loaded.append(name)\n"
        "sys.meta_path.insert(0, Watch())\n"
        "from repatcost.cli import main\n"
        "print(' '.join(loaded))\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert loaded[:2] == ["repatcost", "repatcost._interrupt"]
    assert set(loaded) <= {"repatcost", "repatcost._interrupt", "signal"}


def test_importing_repatcost_in_a_program_leaves_ctrl_c_alone() -> None:
    """A program that imports repatcost keeps Python's own SIGINT handler."""
    code = (
        "import signal, repatcost\n"
        "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n"
    )
    done = _python(code)
    assert done.stdout.strip() == "True", done.stderr


@pytest.mark.parametrize(
    ("args", "flag", "expected"),
    [
        (["estimate", "--samples", "1"], "--samples", "at least 200 samples for a 90.0% interval"),
        (["estimate", "--samples", "300", "--level", "0.3"], "--level", "from 0.5 to 0.999"),
        (["sensitivity", "--method", "sobol", "--samples", "2"], "--samples", "power of 2 >= 64"),
        (["sensitivity", "--method", "voi", "--samples", "2"], "--samples", "at least 200"),
        (
            ["estimate", "--samples", "auto", "--tolerance", "1e-300"],
            "--tolerance",
            "reachable within 10,000,000 samples",
        ),
        (["estimate", "--samples", "auto", "--tolerance", "1.5"], "--tolerance", "in (0, 1)"),
    ],
)
def test_too_few_samples_or_a_bad_level_names_the_flag_not_the_parameter(
    capsys: pytest.CaptureFixture[str], args: list[str], flag: str, expected: str
) -> None:
    """The library's rule refuses the run (too few samples, a bad level, a tolerance out of
    reach), but the message names the flag the user typed."""
    status, err = _run(capsys, *args)
    assert status == 2
    assert err.startswith(f"repatcost: error: {flag} must be ")
    assert expected in err
    assert "parameter of" not in err


def test_flags_named_leaves_other_fields_alone() -> None:
    """Only 'n', 'level' and 'tolerance' become flags; any other refusal passes through."""
    error = InvalidValueError.for_field("Uniform", "high", -1.0, "> low (0.0)")
    with pytest.raises(InvalidValueError) as info, flags_named():
        raise error
    assert info.value is error


def test_no_option_takes_a_path_without_the_empty_name_check() -> None:
    """Every option or argument that takes a path goes through the one check, parse_file
    (--output through parse_output, which calls it and also refuses a folder's spelling)."""
    subparsers = next(
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    actions = [a for command in subparsers.choices.values() for a in command._actions]
    assert not [a.dest for a in actions if a.type is Path]
    assert {a.dest for a in actions if a.type is parse_output} == {"output"}
    assert {a.dest for a in actions if a.type is parse_file} == {
        "scenario",
        "drivers",
        "population",
        "file",
    }


def test_an_unknown_option_is_matched_against_its_own_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``validate --samples`` suggests nothing (validate takes no --samples; estimate does)
    and points at validate's help; ``estimate --sample`` suggests estimate's --samples."""
    status, err = _run(capsys, "validate", str(BUNDLED_SCENARIO), "--samples", "200")
    assert status == 2
    assert "did you mean" not in err
    assert "(see 'repatcost validate --help')" in err
    status, err = _run(capsys, "estimate", "--sample", "100")
    assert status == 2
    assert "did you mean '--samples'?" in err
    assert "(see 'repatcost estimate --help')" in err

"""Odd terminals and streams: a closed, unwritable or ASCII standard output is one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from repatcost.cli import main

COMMAND = [sys.executable, "-m", "repatcost"]
ESTIMATE = [*COMMAND, "estimate", "--samples", "1000"]


def _run(args: list[str], **kwargs: object) -> tuple[int, str]:
    done = subprocess.run(args, stderr=subprocess.PIPE, text=True, timeout=120, **kwargs)  # type: ignore[call-overload]
    return done.returncode, done.stderr


def _one_error_line(err: str) -> str:
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("repatcost: error: ")
    return lines[0]


@pytest.mark.parametrize("args", [ESTIMATE, [*COMMAND, "data"], [*COMMAND, "assumptions"]])
def test_a_closed_standard_output_is_exit_2_with_one_line(args: list[str]) -> None:
    """`repatcost estimate >&-`: exit 2, one line saying standard output is closed."""
    status, err = _run(args, preexec_fn=lambda: os.close(1))
    assert status == 2
    assert "standard output is closed" in _one_error_line(err)


@pytest.mark.parametrize(
    ("target", "why"),
    [("read-only", "Bad file descriptor"), ("/dev/full", "No space left on device")],
)
def test_an_unwritable_standard_output_is_exit_2_with_one_line(target: str, why: str) -> None:
    """Standard output opened read-only, or a full device: exit 2, one line with the reason."""
    if not Path("/dev/full").exists():  # pragma: no cover - Linux has it
        pytest.skip("no /dev/full")
    mode = "rb" if target == "read-only" else "wb"
    with open(os.devnull if target == "read-only" else target, mode) as stream:
        status, err = _run([*COMMAND, "data"], stdout=stream)
    assert status == 2
    line = _one_error_line(err)
    assert "cannot write to standard output" in line
    assert why in line


def test_a_reader_that_closes_early_is_one_line() -> None:
    """SIGPIPE (the reader closes the pipe): exit 2 and one line, no second error at exit."""
    with subprocess.Popen(ESTIMATE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
        status = proc.wait(timeout=120)
    assert status == 2
    assert "broken pipe" in _one_error_line(err)


@pytest.mark.parametrize("args", [ESTIMATE, [*COMMAND, "data"], [*COMMAND, "assumptions"]])
def test_an_ascii_terminal_gets_replacement_characters_and_one_note(args: list[str]) -> None:
    """PYTHONIOENCODING=ascii: exit 0, "?" for "ø" (København, Ørsted...) in the output,
    one note on stderr."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(args, capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("ascii")
    assert "?" in out
    assert "K?benhavn" in out or args[-1] == "assumptions"
    err = done.stderr.decode("ascii").splitlines()
    assert err == [line for line in err if line.startswith("repatcost: note:")]
    assert len(err) == 1
    assert "encoding (ascii)" in err[0]


def test_no_standard_output_object_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() with sys.stdout None (Python's closed descriptor): exit 2, one line."""
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["data"]) == 2
    assert "standard output is closed" in _one_error_line(capsys.readouterr().err)

"""Output never replaces an input, never clobbers a pipe, device or link, and never half-writes."""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from repatcost import _io
from repatcost._io import OutputIsInputError, write_atomic
from repatcost.cli import main
from repatcost.cli._common import prepare_output
from repatcost.data import BUNDLED_SCENARIO
from repatcost.packs import packaged_files

Snapshot = dict[str, tuple[bytes, int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder`` with its bytes, mtime (ns) and mode."""
    out: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
        out[str(path.relative_to(folder))] = (data, info.st_mtime_ns, info.st_mode)
    return out


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A copy of the bundled scenario in an empty folder."""
    target = tmp_path / "study.toml"
    shutil.copyfile(BUNDLED_SCENARIO, target)
    return target


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process's umask after the test."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


def _commands(scenario: Path, out: Path) -> list[list[str]]:
    s = str(scenario)
    return [
        ["estimate", "--scenario", s, "--samples", "200", "--output", str(out)],
        ["estimate", "--scenario", s, "--samples", "auto", "--output", str(out)],
        ["data", "--scenario", s, "--output", str(out)],
        ["sensitivity", "--scenario", s, "--output", str(out)],
    ]


@pytest.mark.parametrize("which", range(4))
@pytest.mark.parametrize("alias", ["same", "dotted", "symlink", "hardlink"])
def test_every_command_refuses_its_scenario_as_output_and_changes_nothing(
    study: Path, which: int, alias: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Output = scenario (by path, ./x, a symlink or a hard link): exit 2, every file unchanged."""
    out = {"same": study, "dotted": study.parent / "." / study.name}.get(alias)
    if out is None:
        out = study.parent / "alias.toml"
        (out.symlink_to if alias == "symlink" else out.hardlink_to)(study)
    before = snapshot(study.parent)
    status = main(_commands(study, out)[which])
    assert status == 2
    assert snapshot(study.parent) == before
    err = capsys.readouterr().err
    assert "input of this command" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
def test_plot_refuses_a_png_name_that_is_the_scenario(
    study: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """plot --output chart.png, a symlink or hard link to the scenario: refused, unchanged."""
    link = study.parent / "chart.png"
    (link.symlink_to if kind == "symlink" else link.hardlink_to)(study)
    before = snapshot(study.parent)
    assert main(["plot", "tornado", "--scenario", str(study), "--output", str(link)]) == 2
    assert snapshot(study.parent) == before
    assert "input of this command" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name",
    [
        "question_184.toml",
        "defaults_2023.toml",
        "municipalities.csv",
        "repatriations_2018_2020.csv",
    ],
)
def test_the_bundled_scenario_and_packaged_data_are_inputs_too(name: str) -> None:
    """Without --scenario, the bundled scenario and every packaged data file (core data or
    the packs', their populations included) are refused."""
    (path,) = (p for p in packaged_files() if p.name == name)
    with pytest.raises(OutputIsInputError, match="input of this command"):
        prepare_output(path, argparse.Namespace(scenario=None))


def test_national_refuses_its_drivers_file_as_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """national --drivers d.csv --output d.csv: exit 2, the drivers file unchanged."""
    drivers = tmp_path / "d.csv"
    shutil.copyfile(Path(__file__).parent / "scenarios" / "drivers_synthetic.csv", drivers)
    before = snapshot(tmp_path)
    args = ["national", "--drivers", str(drivers), "--samples", "100", "--output", str(drivers)]
    assert main(args) == 2
    assert snapshot(tmp_path) == before
    assert "input of this command" in capsys.readouterr().err


def test_refused_write_leaves_the_folder_unchanged(study: Path) -> None:
    """write_atomic with the output among its inputs raises before creating any file."""
    before = snapshot(study.parent)
    with pytest.raises(OutputIsInputError) as info:
        write_atomic(study, "report", inputs=[study])
    assert isinstance(info.value, ValueError)
    assert snapshot(study.parent) == before


def test_output_written_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    """A symlink output: its target gets the data and the link stays a link."""
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_output_to_a_named_pipe_writes_into_the_pipe(tmp_path: Path) -> None:
    """A FIFO output is written into (a reader gets the data) and stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_output_to_a_device_through_a_link_leaves_device_and_link(tmp_path: Path) -> None:
    """A link to /dev/null: written through; the link and the character device both remain."""
    link = tmp_path / "null.md"
    link.symlink_to("/dev/null")
    write_atomic(link, "discarded")
    assert link.is_symlink()
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null.md"]


def test_output_to_a_proc_fd_link_writes_to_that_descriptor(tmp_path: Path) -> None:
    """A link to /proc/self/fd/N (a pipe): the data arrives on the pipe; the link remains."""
    read_end, write_end = os.pipe()
    try:
        link = tmp_path / "out.md"
        link.symlink_to(f"/proc/self/fd/{write_end}")
        write_atomic(link, "to the descriptor")
        assert os.read(read_end, 100) == b"to the descriptor"
        assert link.is_symlink()
    finally:
        os.close(read_end)
        os.close(write_end)


def test_dash_writes_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    """--output - prints to standard output and creates no file named '-'."""
    assert main(["data", "--output", "-"]) == 0
    assert "| municipality |" in capsys.readouterr().out
    assert not Path("-").exists()


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002, 0o077])
def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path, umask: None, mask: int) -> None:
    """A new output file has mode 0o666 & ~umask, as a plain open() would give."""
    os.umask(mask)
    out = write_atomic(tmp_path / "new.md", "x")
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o640])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask: None, mode: int) -> None:
    """Rewriting an existing file keeps its permission bits, whatever the umask."""
    os.umask(0o077)
    out = tmp_path / "old.md"
    out.write_text("old")
    out.chmod(mode)
    write_atomic(out, "new")
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert out.read_text() == "new"


def test_missing_folder_error_names_the_users_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output nodir/report.md: exit 2, one line naming that path and the folder, no temp name."""
    out = tmp_path / "nodir" / "report.md"
    assert main(["data", "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(out) in err
    assert "does not exist" in err
    assert ".tmp" not in err
    assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--output FOLDER: exit 2 naming the folder; the folder is unchanged."""
    assert main(["data", "--output", str(tmp_path)]) == 2
    assert str(tmp_path) in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_names_the_users_path_and_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError inside the write is re-raised naming the user's path; no temp file remains."""
    out = tmp_path / "r.md"
    out.write_text("old")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / ".r.md.abc.tmp"))

    monkeypatch.setattr(_io.os, "replace", fail)
    with pytest.raises(OSError, match="No space") as info:
        write_atomic(out, "new")
    assert info.value.filename == str(out)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_ctrl_c_while_writing_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KeyboardInterrupt during the write: old content kept, temp file removed."""
    out = tmp_path / "r.md"
    out.write_text("old")

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_io.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, "new")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


@pytest.mark.parametrize(
    "where", ["repatcost.cli._common.load_scenario", "repatcost._io.os.fsync"]
)
def test_ctrl_c_in_a_command_exits_130_with_one_line_and_no_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    """Ctrl-C while loading or while writing: exit 130, one stderr line, no output file."""

    def interrupt(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(where, interrupt)
    assert main(["data", "--output", str(tmp_path / "r.md")]) == 130
    captured = capsys.readouterr()
    assert captured.err == "repatcost: error: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_sigint_during_a_long_run_exits_130_and_leaves_no_file(tmp_path: Path) -> None:
    """A real SIGINT during a Sobol run: exit 130, one line on stderr, no file in the folder."""
    code = (
        "import os, signal, sys, threading\n"
        "from repatcost.cli import main\n"
        "threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
        "sys.exit(main(['sensitivity', '--method', 'sobol', '--samples', '1048576',"
        " '--output', 'out.md']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "repatcost: error: interrupted\n"
    assert list(tmp_path.iterdir()) == []


OUTPUT_COMMANDS = {
    "estimate": ["estimate", "--samples", "100"],
    "report": ["report", "--samples", "100"],
    "data": ["data"],
    "assumptions": ["assumptions"],
    "sensitivity": ["sensitivity"],
    "plot": ["plot", "tornado"],
    "national": ["national", "--samples", "100"],
}
"""Each command that takes ``--output``, with the least arguments it runs with."""


def test_every_command_with_an_output_flag_is_covered() -> None:
    """OUTPUT_COMMANDS lists exactly the commands whose parser has --output."""
    from repatcost.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    choices = subparsers.choices.items()
    with_output = {name for name, sub in choices if "--output" in sub._option_string_actions}
    assert with_output == set(OUTPUT_COMMANDS)


@pytest.mark.parametrize("command", sorted(OUTPUT_COMMANDS))
@pytest.mark.parametrize("spelling", ["slash", "dot", "folder", "folder_slash"])
def test_a_folder_spelling_as_output_is_a_usage_error_naming_the_flag(
    tmp_path: Path, command: str, spelling: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output notes.md/ (existing file), notes.md/., a folder or folder/: exit 2 naming
    --output; the file keeps its bytes and no file appears."""
    existing = tmp_path / "notes.md"
    existing.write_text("keep me\n")
    (tmp_path / "results").mkdir()
    out = {
        "slash": f"{existing}/",
        "dot": f"{existing}/.",
        "folder": str(tmp_path / "results"),
        "folder_slash": f"{tmp_path / 'results'}/",
    }[spelling]
    before = snapshot(tmp_path)
    assert main([*OUTPUT_COMMANDS[command], "--output", out]) == 2
    err = capsys.readouterr().err
    assert "--output" in err
    assert "folder" in err
    assert err.count("\n") == 1
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("spelling", ["notes.md/", "notes.md/.", "results/", "results"])
def test_write_atomic_refuses_a_folder_spelling(
    tmp_path: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's writer refuses the same spellings: the file is never replaced."""
    monkeypatch.chdir(tmp_path)
    Path("notes.md").write_text("keep me\n")
    Path("results").mkdir()
    before = snapshot(tmp_path)
    with pytest.raises(IsADirectoryError, match="folder") as info:
        write_atomic(spelling, "new\n")
    assert info.value.filename == spelling
    assert snapshot(tmp_path) == before

"""A command's declaration (``Command``, ``ScopedOption``) and the parser built from it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from repatcost.cli._command import Command, ScopedOption, refuse_inapplicable
from repatcost.cli._common import CliError

_POINTS = ScopedOption("--points", ("grid", "voi"), "grid, voi: values", type=int)
_X_VALUES = ScopedOption("--x-values", ("grid",), "grid: values of x", metavar="V")


def _own(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--own", default="a")


def _parser(command: Command) -> argparse.ArgumentParser:
    return command.add_to(argparse.ArgumentParser().add_subparsers())


def _flags(parser: argparse.ArgumentParser) -> list[str]:
    return [a.option_strings[-1] for a in parser._actions if a.option_strings]


def test_shared_options_come_in_a_fixed_order_around_the_commands_own() -> None:
    """Scenario, run options, own options, output, scoped options, then --quiet."""
    command = Command(
        "demo",
        "help",
        "Description.",
        run=lambda args: "",
        options=_own,
        run_options="auto",
        scoped=(_POINTS,),
    )
    assert _flags(_parser(command)) == [
        "--help",
        "--scenario",
        "--reading",
        "--samples",
        "--seed",
        "--level",
        "--own",
        "--format",
        "--output",
        "--points",
        "--quiet",
    ]


def test_a_bare_command_has_only_its_own_options_and_quiet() -> None:
    """Without scenario, run options and formats, only the own options and --quiet remain."""
    command = Command(
        "bare", "h", "D.", run=lambda args: "", options=_own, scenario=False, formats=()
    )
    assert _flags(_parser(command)) == ["--help", "--own", "--quiet"]


def test_run_options_say_auto_only_where_it_is_taken() -> None:
    """'auto' in the --samples help only for run_options="auto"."""
    helps = {}
    for kind in ("fixed", "auto"):
        parser = _parser(Command("c", "h", "D.", run=lambda args: "", run_options=kind))
        helps[kind] = parser._option_string_actions["--samples"].help or ""
    assert "'auto'" in helps["auto"]
    assert "'auto'" not in helps["fixed"]


def test_execute_writes_what_run_returns_to_the_output_file(tmp_path: Path) -> None:
    """execute writes run's text to --output and returns exit status 0."""
    command = Command("c", "h", "D.", run=lambda args: f"seed {args.seed}\n", run_options="fixed")
    target = tmp_path / "out.txt"
    args = _parser(command).parse_args(["--seed", "7", "--output", str(target)])
    assert args.func(args) == 0
    assert target.read_text() == "seed 7\n"


def test_execute_prints_without_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --output (or with a command that has none) the text goes to standard output."""
    command = Command("c", "h", "D.", run=lambda args: "hello\n", formats=())
    args = _parser(command).parse_args([])
    assert args.func(args) == 0
    assert capsys.readouterr().out == "hello\n"


def test_a_scoped_option_is_none_until_given_and_names_its_attribute() -> None:
    """Not given, None (the choice's default holds); --x-values is stored as x_values."""
    parser = argparse.ArgumentParser()
    for option in (_POINTS, _X_VALUES):
        option.add_to(parser)
    assert vars(parser.parse_args([])) == {"points": None, "x_values": None}
    assert parser.parse_args(["--x-values", "1,2"]).x_values == "1,2"
    assert _X_VALUES.dest == "x_values"


def test_an_inapplicable_scoped_option_is_refused_with_where_it_applies() -> None:
    """Given with a choice it does not apply to, the option is named with its choices."""
    args = argparse.Namespace(points=3, x_values=None)
    refuse_inapplicable(args, (_POINTS, _X_VALUES), "voi", "--method voi")
    with pytest.raises(
        CliError, match=r"--points does not apply to --method rank \(it applies to grid, voi\)"
    ):
        refuse_inapplicable(args, (_POINTS, _X_VALUES), "rank", "--method rank")

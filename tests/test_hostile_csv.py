"""CSV cells a spreadsheet could run as formulas are neutralised (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO
from repatcost.tables import Table, csv_cell

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _safe(cell: str) -> bool:
    return not cell.startswith(DANGEROUS) or bool(PLAIN_NUMBER.fullmatch(cell))


@given(st.sampled_from(DANGEROUS), st.text(max_size=20))
def test_any_text_starting_with_a_formula_character_gets_a_quote(first: str, rest: str) -> None:
    """Text starting with = + - @ tab or CR reads back from the CSV with a leading quote,
    unless it is a plain number; the rest of the cell is kept."""
    text = first + rest
    expected = text if PLAIN_NUMBER.fullmatch(text) else "'" + text
    assert csv_cell(text) == expected
    if "\r" not in text:  # the csv module reads a lone CR in a cell back as a line end
        table = Table(("name", "value"), ((text, 1.0),))
        row = next(csv.DictReader(io.StringIO(table.to_csv(), newline="")))
        assert row["name"] == expected


@given(
    st.floats(allow_nan=False, allow_infinity=False, max_value=-1e-300) | st.integers(max_value=-1)
)
def test_negative_numbers_stay_numbers(value: float) -> None:
    """A negative number cell is written as the number, without a quote."""
    assert csv_cell(value) == value
    assert Table(("x",), ((value,),)).to_csv() == f"x\n{value!r}\n"


@pytest.mark.parametrize("text", ["-12.5", "+3", "-1e-5", "-.5"])
def test_plain_numbers_written_as_text_are_kept(text: str) -> None:
    """Text that is a plain (signed) number is not a formula: kept as it is."""
    assert csv_cell(text) == text


NASTY_NAME = '=HYPERLINK("http://x","y")'
NASTY_RATIONALE = "+cmd|' /C calc'!A0"


@pytest.fixture
def nasty(tmp_path: Path) -> Path:
    """The bundled study with Aarhus and Odense named like formulas and an assumption
    whose rationale is one."""
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8")
    text = text.replace('name = "Aarhus"', f"name = {json.dumps(NASTY_NAME)}")
    text = text.replace('name = "Odense"', 'name = "@SUM(1+1)"')
    override = "[assumptions.interpreter_share]\ndistribution = 0.3\n"
    override += f"rationale = {json.dumps(NASTY_RATIONALE)}\n\n[municipality."
    text = text.replace("[municipality.", override, 1)
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["estimate", "--samples", "200"],
        ["data"],
        ["assumptions"],
        ["sensitivity"],
        ["sensitivity", "--method", "readings", "--samples", "200"],
        ["national", "--samples", "200"],
    ],
    ids=lambda c: "-".join(c[:3:2]),
)
def test_no_command_writes_a_formula_cell(
    nasty: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command that writes CSV: no cell starts with a formula character unless it is
    a plain number; the names come back with their quote."""
    assert main([*command, "--scenario", str(nasty), "--format", "csv"]) == 0
    cells = _cells(capsys.readouterr().out)
    unsafe = [c for c in cells if not _safe(c)]
    assert unsafe == []
    if command[0] in ("estimate", "data"):
        assert "'" + NASTY_NAME in cells
        assert "'@SUM(1+1)" in cells
    if command[0] == "assumptions":
        assert "'" + NASTY_RATIONALE in cells

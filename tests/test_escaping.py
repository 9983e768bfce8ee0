"""Names with Markdown or LaTeX syntax never break a table: escaped, tested with any text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost.data import BUNDLED_SCENARIO
from repatcost.report import render_study
from repatcost.scenario import ScenarioError, load_scenario
from repatcost.tables import Table, latex_escape, markdown_inline

NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
"""Any text a user could give as a name (lone surrogates cannot be written to a file)."""

LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

_LATEX_WORDS = {"textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^"}


def markdown_cells(line: str) -> list[str]:
    """Split a GFM table row as GitHub does: a backslash escapes the next character."""
    assert line.startswith("| ")
    assert line.endswith(" |")
    cells, current, i = [], "", 1
    body = line[:-1]
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            current += body[i + 1]  # unescaped: \\ -> \, \| -> |
            i += 2
            continue
        if char == "|":
            cells.append(current)
            current = ""
        else:
            current += char
        i += 1
    cells.append(current)
    return [c[1:-1] for c in cells]  # the one space each side the renderer adds


def latex_cells(line: str) -> list[str]:
    """Split a tabular row at unescaped ``&`` and undo :func:`latex_escape` in each cell."""
    assert line.endswith(r" \\")
    body = line[: -len(r" \\")]
    cells, current, i = [], "", 0
    while i < len(body):
        if body[i] == "\\":
            word = re.match(r"\\([a-z]+)\{\}", body[i:])
            if word:
                current += _LATEX_WORDS[word.group(1)]
                i += len(word.group(0))
            else:
                current += body[i + 1]
                i += 2
        elif body[i] == "&":
            cells.append(current)
            current = ""
            i += 1
        else:
            current += body[i]
            i += 1
    cells.append(current)
    return [
        c.removeprefix(" ").removesuffix(" ") if k else c.removesuffix(" ")
        for k, c in enumerate(cells)
    ]


@given(st.lists(NAMES, min_size=1, max_size=4), NAMES)
@settings(max_examples=200, deadline=None)
def test_markdown_table_keeps_its_columns_and_cells_for_any_names(
    names: list[str], column: str
) -> None:
    """Every row of the Markdown table has one cell per column; each cell reads back its name."""
    table = Table((column, "value"), [(name, 1.5) for name in names])
    lines = table.to_markdown().split("\n")
    assert len(lines) == len(names) + 2
    assert markdown_cells(lines[0]) == [LINE_BREAKS.sub("<br>", column), "value"]
    for line, name in zip(lines[2:], names, strict=True):
        cells = markdown_cells(line)
        assert len(cells) == 2
        assert cells[0] == LINE_BREAKS.sub("<br>", name)
        assert cells[1] == "1.50"


@given(st.lists(NAMES, min_size=1, max_size=4), NAMES)
@settings(max_examples=200, deadline=None)
def test_latex_table_round_trips_any_names(names: list[str], column: str) -> None:
    """Every LaTeX row has one cell per column and un-escaping gives back the name."""
    table = Table((column, "value"), [(name, 1.5) for name in names])
    lines = table.to_latex().split("\n")
    assert len(lines) == len(names) + 6
    assert latex_cells(lines[2]) == [LINE_BREAKS.sub(" ", column), "value"]
    for line, name in zip(lines[4:-2], names, strict=True):
        assert latex_cells(line) == [LINE_BREAKS.sub(" ", name), "1.50"]


@given(NAMES)
@settings(max_examples=200, deadline=None)
def test_latex_escape_leaves_no_special_character_bare(name: str) -> None:
    """After escaping, each of the ten specials appears only inside an escape sequence."""
    text = latex_escape(name)
    bare = re.sub(r"\\(textbackslash|textasciitilde|textasciicircum)\{\}|\\[&%$#_{}]", "", text)
    assert not set(bare) & set("&%$#_{}~^\\")
    assert "\n" not in text


def test_all_ten_latex_specials_are_escaped() -> None:
    """& % $ # _ { } ~ ^ \\ each get their text-mode form."""
    assert latex_escape("&%$#_{}~^\\") == (
        r"\&\%\$\#\_\{\}\textasciitilde{}\textasciicircum{}\textbackslash{}"
    )


@given(NAMES)
@settings(max_examples=200, deadline=None)
def test_markdown_inline_is_one_line(name: str) -> None:
    """A heading or list item built from any name stays on one line."""
    assert len(f"# {markdown_inline(name)}".splitlines()) == 1


NASTY = ["Nord|by", "Nord | by", "a | b | c", "back\\slash|", "50% & $ #_{x}~^\\", "line end|"]
"""Names a scenario file accepts (a line break in a name is refused when the file is read,
see ``test_a_line_break_in_a_name_is_refused``; tables still escape them, tested above)."""


@pytest.fixture(scope="module")
def nasty_results(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, object]]:
    """One small run per nasty municipality name (Aarhus renamed)."""
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("escaping")
    out = []
    for i, name in enumerate(NASTY):
        path = folder / f"s{i}.toml"
        path.write_text(text.replace('name = "Aarhus"', f"name = {json.dumps(name)}"))
        out.append((name, load_scenario(path).run(300, seed=1)))
    return out


def test_report_markdown_tables_keep_their_columns_with_nasty_names(
    nasty_results: list[tuple[str, object]],
) -> None:
    """In the full Markdown report, every table row has as many cells as its header."""
    for name, result in nasty_results:
        text = render_study(result, "markdown")  # type: ignore[arg-type]
        width = 0
        for line in text.splitlines():
            if not line.startswith("|"):
                width = 0
                continue
            cells = markdown_cells(line) if line.endswith(" |") else line.strip("|").split("|")
            width = width or len(cells)
            assert len(cells) == width, (name, line)
        assert LINE_BREAKS.sub("<br>", name) in [
            c for line in text.splitlines() if line.startswith("| ") for c in markdown_cells(line)
        ]


def test_report_latex_round_trips_nasty_names(nasty_results: list[tuple[str, object]]) -> None:
    """In the LaTeX report, every row has as many cells as the header; the name reads back."""
    for name, result in nasty_results:
        lines = render_study(result, "latex").splitlines()  # type: ignore[arg-type]
        rows = [latex_cells(line) for line in lines if line.endswith(r" \\")]
        assert {len(r) for r in rows} == {len(rows[0])}
        assert LINE_BREAKS.sub(" ", name) in [r[0] for r in rows]


@pytest.mark.parametrize("name", ["Nord\nby", "line\r\nend|", "tab\there"])
def test_a_line_break_in_a_name_is_refused(name: str, tmp_path: Path) -> None:
    """A name with a line break or tab is refused naming the key and the code point."""
    path = tmp_path / "s.toml"
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8")
    path.write_text(text.replace('name = "Aarhus"', f"name = {json.dumps(name)}"))
    with pytest.raises(ScenarioError, match=r"municipality\.aarhus\.name: .*U\+000[9AD]"):
        load_scenario(path)

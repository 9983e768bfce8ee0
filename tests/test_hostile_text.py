"""Names and text from files: one normal form, no control characters, no name counted twice."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost._text import identity, printable
from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO
from repatcost.errors import ScenarioError
from repatcost.scenario import load_scenario

BUNDLED = BUNDLED_SCENARIO.read_text(encoding="utf-8")


def _scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "other",
    ["A\u030aarhus", "\u00c5arhus ", "\u00c5AR\u3164HUS", "\u00c5arhus\ufe0f"],
    ids=["nfd", "trailing-space", "hangul-filler-upper", "variation-selector"],
)
def test_two_municipalities_with_one_name_are_refused(tmp_path: Path, other: str) -> None:
    """Names equal after NFC, case folding and removing invisible characters: refused."""
    text = BUNDLED.replace('name = "Aarhus"', 'name = "\u00c5arhus"').replace(
        'name = "Odense"', f"name = {json.dumps(other)}"
    )
    with pytest.raises(ScenarioError, match=r"municipality\.odense\.name: .*aarhus"):
        load_scenario(_scenario(tmp_path, text))


def test_a_name_is_read_in_normal_form_c(tmp_path: Path) -> None:
    """A name typed decomposed (A + combining ring) is stored composed."""
    text = BUNDLED.replace('name = "Aarhus"', 'name = "A\\u030arhus"')
    study = load_scenario(_scenario(tmp_path, text))
    names = [m.name for m in study.municipalities]
    assert "\u00c5rhus" in names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\x00", "\u200b", "\x1b"])
def test_a_control_character_in_a_label_is_refused_by_code_point(
    tmp_path: Path, char: str
) -> None:
    """A reading's label with a control or format character: refused naming its code point."""
    text = BUNDLED.replace('label = "2023"', f'label = "20{char}23"'.replace(char, _escape(char)))
    with pytest.raises(ScenarioError) as info:
        load_scenario(_scenario(tmp_path, text))
    assert f"U+{ord(char):04X}" in str(info.value)
    assert ".label" in str(info.value)


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}"


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json", "latex"])
def test_free_text_keeps_its_words_but_no_override_reaches_a_report(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rationale with U+202E and an escape character loads; the command's output holds
    neither, whatever the format."""
    text = BUNDLED.replace(
        'rationale = "The 2023 actual spending: the year asked about."',
        'rationale = "The 2023 \\u202eactual\\u001b[31m spending"',
    )
    path = _scenario(tmp_path, text)
    for command in (["estimate", "--samples", "200"], ["assumptions"], ["data"]):
        assert main([*command, "--scenario", str(path), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "\u202e" not in out
        assert "\x1b" not in out


def test_nul_in_free_text_is_refused(tmp_path: Path) -> None:
    """NUL is never needed in free text: refused naming the key and U+0000."""
    text = BUNDLED.replace("the year asked about.", "the year\\u0000 asked about.")
    with pytest.raises(ScenarioError, match=r"\.rationale: .*U\+0000"):
        load_scenario(_scenario(tmp_path, text))


@given(st.text(max_size=30), st.integers(0, 30))
def test_identity_ignores_normal_form_case_and_invisible_characters(text: str, at: int) -> None:
    """identity(s) is unchanged by NFD, upper case and an inserted zero-width space."""
    at = min(at, len(text))
    base = identity(text)
    assert identity(unicodedata.normalize("NFD", text)) == base
    assert identity(text[:at] + "\u200b" + text[at:]) == base


@given(st.text())
def test_printable_leaves_no_control_character_but_tab_and_line_breaks(text: str) -> None:
    """After printable, the only Cc characters are tab and line breaks; no bidi control."""
    for char in printable(text):
        assert unicodedata.category(char) != "Cc" or char in "\t\n\r"
        assert not 0x202A <= ord(char) <= 0x202E
        assert not 0x2066 <= ord(char) <= 0x2069

"""The example scenarios from real public documents (issue 19, item 4): each runs end to end
without a plugin, in every output format, in its own currency, unit and names.

examples/foi-costs-press-gazette and examples/foi-costs-redditch are UK councils' costs of
answering Freedom of Information requests (GBP, per request); examples/interpreting-costs-
brondby is two Danish municipalities' spending on interpreting, with no pack (DKK).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from repatcost.cli import main
from repatcost.scenario import ScenarioError, load_scenario

EXAMPLES = Path(__file__).parent.parent / "examples"
PRESS = EXAMPLES / "foi-costs-press-gazette" / "scenario.toml"
REDDITCH = EXAMPLES / "foi-costs-redditch" / "scenario.toml"
BRONDBY = EXAMPLES / "interpreting-costs-brondby" / "scenario.toml"

# file, currency, the unit as outputs name it, and the other currency it must never print
CASES = [
    (PRESS, "GBP", "request", "DKK"),
    (REDDITCH, "GBP", "request", "DKK"),
    (BRONDBY, "DKK", "interpretation", "GBP"),
]
# The bundled study's words: no example may print them (Brøndby is Danish but not about
# repatriation, and it has no Table 1, no Aalborg and no September-to-September period).
FOREIGN = re.compile(r"conversation|repatriat|Table 1|Aalborg|September", re.I)
UK_ONLY = re.compile(r"DKK|kroner|interpreter|danish|denmark", re.I)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*args, "--quiet"]) == 0
    return capsys.readouterr().out


def _check_words(text: str, currency: str, other: str, path: Path) -> None:
    assert currency in text
    assert other not in text
    assert FOREIGN.search(text) is None, FOREIGN.search(text)
    if currency == "GBP":
        assert UK_ONLY.search(text) is None, UK_ONLY.search(text)


@pytest.mark.parametrize(("path", "currency", "unit", "other"), CASES)
@pytest.mark.parametrize("fmt", ["markdown", "csv", "json", "latex"])
def test_each_example_estimates_in_every_format_in_its_own_words(
    capsys: pytest.CaptureFixture[str],
    path: Path,
    currency: str,
    unit: str,
    other: str,
    fmt: str,
) -> None:
    """validate's promise kept: estimate runs; its currency and unit, never another's."""
    args = ["estimate", "--scenario", str(path), "--samples", "400", "--format", fmt]
    out = _run(args, capsys)
    _check_words(out, currency, other, path)
    assert unit in out.lower()


@pytest.mark.parametrize(("path", "currency", "unit", "other"), CASES)
def test_each_example_writes_its_html_report_in_its_own_words(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    path: Path,
    currency: str,
    unit: str,
    other: str,
) -> None:
    html = tmp_path / "report.html"
    _run(["report", "--scenario", str(path), "--samples", "400", "--output", str(html)], capsys)
    text = html.read_text(encoding="utf-8")
    _check_words(text, currency, other, path)
    assert f"Per {unit}" in text
    assert "Assumptions changed from the defaults" not in text  # no pack: no defaults


@pytest.mark.parametrize(("path", "currency", "unit", "other"), CASES)
@pytest.mark.parametrize("method", ["tornado", "readings"])
def test_each_example_runs_sensitivity(
    capsys: pytest.CaptureFixture[str],
    path: Path,
    currency: str,
    unit: str,
    other: str,
    method: str,
) -> None:
    samples = ["--samples", "400"] if method == "readings" else []
    out = _run(["sensitivity", "--scenario", str(path), "--method", method, *samples], capsys)
    _check_words(out, currency, other, path)
    assert "reading" in out  # every example has readings; the tornado shows them too


def _ranges(path: Path, capsys: pytest.CaptureFixture[str], *reading: str) -> dict[str, list]:
    chosen = [x for r in reading for x in ("--reading", r)]
    args = ["estimate", "--scenario", str(path), "--samples", "400", "--format", "json"]
    data = json.loads(_run([*args, *chosen], capsys))
    out = {m["name"]: m["range"] for m in data["municipalities"]}
    return out | {"total": data["total"]["range"]}


def test_press_gazette_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """Eight guesstimates (qualifier estimate, +-50%) summing to 2,268,706 GBP a year: the
    total's range is half to one and a half times that; Birmingham as an upper bound runs
    from 550,000 to its 1,100,000."""
    ranges = _ranges(PRESS, capsys)
    assert ranges["total"] == pytest.approx([2_268_706 * 0.5, 2_268_706 * 1.5])
    upper = _ranges(PRESS, capsys, "birmingham.over_estimate=upper-bound")
    assert upper["Birmingham"] == pytest.approx([550_000, 1_100_000])
    york = _ranges(PRESS, capsys, "york.staff_costs=foi-too")  # at least: 1 to 1.5 times
    assert york["York"] == pytest.approx([189_608, 189_608 * 1.5])


def test_redditch_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """Requests over three years / 3 x 4-7.5 hours x 20-35 GBP an hour: Redditch's 'almost
    1,500' (at most: 750-1,500) gives 20,000-131,250; Worcestershire's 2,428 gives
    64,746.67-212,450; read as 1,463-1,499 Redditch gives 39,013.33-131,162.5."""
    ranges = _ranges(REDDITCH, capsys)
    assert ranges["Redditch Borough Council"] == pytest.approx(
        [750 / 3 * 4 * 20, 1500 / 3 * 7.5 * 35]
    )
    assert ranges["Worcestershire County Council"] == pytest.approx(
        [2428 / 3 * 4 * 20, 2428 / 3 * 7.5 * 35]
    )
    tight = _ranges(REDDITCH, capsys, "redditch.count=from-the-arithmetic")
    assert tight["Redditch Borough Council"] == pytest.approx(
        [1463 / 3 * 4 * 20, 1499 / 3 * 7.5 * 35]
    )


def test_brondby_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """2016's 621,047 DKK is exact; 2013's 575,723 moves to 2016 by 0-2% a year (times 1 to
    1.02^3); København's '16 mio.' rounded to a million, or about (+-20%) in the reading."""
    ranges = _ranges(BRONDBY, capsys)
    assert ranges["Brøndby"] == pytest.approx([621_047, 621_047])
    assert ranges["København"] == pytest.approx([15_500_000, 16_500_000])
    old = _ranges(BRONDBY, capsys, "brondby.year=2013", "kobenhavn.precision=approximate")
    assert old["Brøndby"] == pytest.approx([575_723, 575_723 * 1.02**3])
    assert old["København"] == pytest.approx([12_800_000, 19_200_000])


def test_press_gazette_report_quotes_the_year_the_source_does_not_give(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each figure is taken for 2015; the report says the source's words, 'in recent years'."""
    html = tmp_path / "report.html"
    _run(["report", "--scenario", str(PRESS), "--samples", "400", "--output", str(html)], capsys)
    assert html.read_text(encoding="utf-8").count("in recent years") >= 8
    out = _run(["estimate", "--scenario", str(PRESS), "--samples", "400"], capsys)
    said = "Spending.year 2015: taken for that year; the source gives no year ('in recent years"
    assert out.count(said) == 8


def test_redditch_without_its_assumptions_is_refused_naming_them(tmp_path: Path) -> None:
    """Counts only, no pack: without the file's effort per unit and hourly cost the file is
    refused, naming the key to add; nothing Danish fills the gap."""
    text = REDDITCH.read_text(encoding="utf-8")
    cut = (
        text.split("[assumptions.effort_per_unit]")[0]
        + "[municipality.redditch]"
        + (text.split("[municipality.redditch]", 1)[1])
    )
    cut = re.sub(r"\[readings\.rates\.hourly_cost\].*", "", cut, flags=re.S)
    path = tmp_path / "s.toml"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "effort_per_unit" in str(info.value)
    path.write_text(cut.replace("[municipality.redditch]", EFFORT + "[municipality.redditch]"))
    with pytest.raises(ScenarioError, match=r"\[assumptions\.hourly_cost\]"):
        load_scenario(path)


EFFORT = """[assumptions.effort_per_unit]
distribution = { dist = "pert", min = 4.0, mode = 6.4, max = 7.5 }
unit = "staff hours per request"
rationale = "test"
source = "test"

"""


def test_an_assumption_only_a_reading_reads_is_read_and_without_it_refused(
    tmp_path: Path,
) -> None:
    """Brøndby's wage_growth is read only by the readings that take 2013 or 2015: with them
    the file loads; without them the declaration is refused as read by no estimator."""
    assert "wage_growth" in load_scenario(BRONDBY).assumptions
    text = BRONDBY.read_text(encoding="utf-8").split("[readings.brondby.year]")[0]
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="none reads 'wage_growth'"):
        load_scenario(path)


def test_the_readme_shows_the_redditch_examples_real_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The README's lines beside the bundled study are this command's output."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    command = "repatcost estimate --scenario examples/foi-costs-redditch/scenario.toml"
    assert f"$ {command} --samples 20000" in readme
    out = _run(["estimate", "--scenario", str(REDDITCH), "--samples", "20000"], capsys)
    rows = [line for line in out.splitlines() if line.startswith("| ")][:4]
    assert len(rows) == 4
    assert all(row in readme for row in rows)

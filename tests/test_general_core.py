"""A study without a pack (issue 19): no domain's defaults, words or units are applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repatcost.assumptions import Assumptions
from repatcost.cli import main
from repatcost.declarations import Declarations
from repatcost.distributions import Uniform
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import ReportedSpending
from repatcost.evidence import Municipality, Period, Source, Spending, Volume
from repatcost.readings import EditEvidence
from repatcost.scenario import ScenarioError, load_scenario
from repatcost.study import Study

HERE = Path(__file__).parent / "scenarios" / "general"
COUNTS = HERE / "counts_and_hours.toml"


def _without(text: str, *cut: str) -> str:
    for part in cut:
        assert part in text
        text = text.replace(part, "")
    return text


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


HOURLY = """[assumptions.hourly_cost]
distribution = { dist = "uniform", min = 25, max = 35 }
unit = "GBP per hour"
rationale = "council officer pay with on-costs"
source = "unsourced estimate"
"""

EFFORT = """[[municipality.ashby.effort_per_unit]]
hours = 11
qualifier = "rounded"
precision = 2
source = { section = "1" }
"""


def test_a_count_alone_without_a_pack_is_refused_naming_the_effort_per_unit(
    tmp_path: Path,
) -> None:
    """Only a count, no pack: the message names effort_per_unit (no silent default)."""
    path = _write(tmp_path, _without(COUNTS.read_text(encoding="utf-8"), EFFORT))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "effort_per_unit" in str(info.value)
    assert "municipality.ashby.estimator" in [p.path for p in info.value.problems]


def test_without_an_hourly_cost_the_message_names_hourly_cost(tmp_path: Path) -> None:
    """A count and hours per unit but no cost of an hour: refused naming hourly_cost."""
    path = _write(tmp_path, _without(COUNTS.read_text(encoding="utf-8"), HOURLY))
    with pytest.raises(ScenarioError, match=r"\[assumptions\.hourly_cost\]"):
        load_scenario(path)


def test_a_study_without_a_pack_has_no_defaults_and_its_own_declarations() -> None:
    """No assumption of any pack is read; the currency and unit are the file's."""
    study = load_scenario(COUNTS)
    assert study.assumptions.domain is None
    assert list(study.assumptions) == ["hourly_cost"]
    assert (study.declarations.currency, study.declarations.unit) == ("GBP", "request")
    assert study.municipalities[0].code == "E07000134"
    assert study.municipalities[0].scheme == "ONS GSS code"


def test_count_x_hours_x_hourly_cost_by_hand() -> None:
    """1,500 requests x 10-12 hours (11 rounded to 2) x 25-35 an hour: range 375,000-630,000."""
    result = load_scenario(COUNTS).run(2_000, seed=1)
    assert result.estimates["ashby"].hard_range == (1_500 * 10 * 25, 1_500 * 12 * 35)


@pytest.mark.parametrize("missing", ["currency", "price_year"])
def test_without_a_pack_currency_and_price_year_are_required(tmp_path: Path, missing: str) -> None:
    """Leaving out currency (with no domain) or price_year is refused naming the key."""
    text = COUNTS.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith(f"{missing} ="))
    if missing == "currency":  # without currency the file would read as the old format
        text = text.replace(line, 'domain = "no-such-pack"')
        with pytest.raises(ScenarioError, match="the name of a pack"):
            load_scenario(_write(tmp_path, text))
        return
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, text.replace(line + "\n", "")))
    assert missing in [p.path for p in info.value.problems]


def test_the_old_danish_code_key_needs_a_pack(tmp_path: Path) -> None:
    """``code`` is the pack's old key: without a pack the message names 'id'."""
    text = COUNTS.read_text(encoding="utf-8").replace('id = "E07000134"', "code = 134")
    with pytest.raises(ScenarioError, match="'id'"):
        load_scenario(_write(tmp_path, text))


def test_with_the_pack_a_count_gets_the_packs_defaults_listed_with_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The bundled study's pack supplies defaults, each with its source in `assumptions`."""
    assert main(["assumptions", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "hours_per_conversation" in out
    assert "politi.dk interpreter tariffs 2023" in out


FOREIGN = re.compile(r"DKK|conversation|repatriat|interpreter|invitation|Table 1|Aalborg", re.I)


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "--format", fmt, "--samples", "500"]
        for fmt in ("markdown", "csv", "json", "latex")
    ]
    + [
        ["sensitivity"],
        ["sensitivity", "--of", "cost_per_request"],
        ["sensitivity", "--method", "rank", "--samples", "500"],
        ["assumptions"],
        ["validate"],
    ],
    ids=lambda a: "-".join(a[:3]),
)
def test_a_gbp_study_never_speaks_of_another_domain(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Every output of a study in GBP with requests speaks GBP and requests only."""
    where = [str(COUNTS)] if args[0] == "validate" else ["--scenario", str(COUNTS)]
    assert main([*args[:1], *where, *args[1:]]) == 0
    out = capsys.readouterr().out
    assert FOREIGN.search(out) is None, FOREIGN.search(out)
    if args[0] == "estimate":
        assert "GBP" in out
        assert "request" in out


def test_the_html_report_of_a_gbp_study_speaks_gbp(tmp_path: Path) -> None:
    """The HTML report too (tables, charts' captions, sections)."""
    page = tmp_path / "r.html"
    args = ["report", "--scenario", str(COUNTS), "--samples", "500", "--output", str(page)]
    assert main([*args, "--quiet"]) == 0
    text = page.read_text(encoding="utf-8")
    assert FOREIGN.search(text) is None, FOREIGN.search(text)
    assert "GBP" in text


QUALIFIED = HERE / "qualifiers.toml"


def test_more_than_ranges_and_guesstimates_are_read_as_said() -> None:
    """ "more than 1,500" is PERT(1,500, 1,500, 2,250); "10-12 hours" Uniform(10, 12);
    "£250-300 per request" Uniform(250, 300); a guesstimate of 80,000 spreads +-50%."""
    study = load_scenario(QUALIFIED)
    a, b, c = (study.model(k) for k in "abc")
    assert a.inputs["a.volume"].bounds == (1_500.0, 2_250.0)
    assert a.inputs["a.volume"].median < 1_500 * 1.25  # skewed towards the stated bound
    assert a.inputs["a.effort_per_unit"].bounds == (10.0, 12.0)
    assert a.hard_range() == (1_500 * 10 * 25, 2_250 * 12 * 35)
    assert b.hard_range() == (40_000.0, 120_000.0)
    assert c.hard_range() == (400 * 250, 400 * 300)


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ("range = [12, 10]", "range"),
        ("range = [-1, 12]", "range"),
        ("hours = 11\nat_least = true\nat_most = true", "at_most"),
        ('hours = 11\nqualifier = "estimate"\nspread = 2', "spread"),
    ],
)
def test_bad_qualifiers_are_refused_naming_the_key(tmp_path: Path, fields: str, key: str) -> None:
    """A reversed range, a negative one, two bounds at once and a spread above 1 are each
    refused naming the key."""
    text = QUALIFIED.read_text(encoding="utf-8").replace("range = [10, 12]", fields)
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, text))
    paths = [p.path for p in info.value.problems]
    assert f"municipality.a.effort_per_unit[0].{key}" in paths, paths


# --- the rules the example scenarios need (examples/, tests/test_examples.py) ------------


def _spending(**kw: object) -> Spending:
    fields: dict[str, object] = {"amount": 100.0, "year": 2015, "source": SRC}
    return Spending(**(fields | kw))


SRC = Source(section="1", document="An article, 2015")
GBP = Declarations(currency="GBP", unit="request")
YEAR = Period.calendar_year(2015)


def test_almost_a_figure_is_a_range_ending_at_or_below_it() -> None:
    """'almost 1,500', read as 1,463-1,499: at_most beside a range below the figure is
    uniform over the range; a range past the figure's side is refused naming 'range'."""
    volume = Volume(value=1500, at_most=True, range=[1463, 1499], period=YEAR, source=SRC)
    assert volume.distribution() == Uniform(1463.0, 1499.0)
    with pytest.raises(InvalidValueError, match="ending at or below the figure 1500"):
        Volume(value=1500, at_most=True, range=[1463, 1501], period=YEAR, source=SRC)
    with pytest.raises(InvalidValueError, match="starting at or above the figure 1500"):
        Volume(value=1500, at_least=True, range=[1463, 1600], period=YEAR, source=SRC)
    alone = Volume(value=1500, range=[1463, 1499], period=YEAR, source=SRC)  # replaces it
    assert alone.distribution() == Uniform(1463.0, 1499.0)
    with pytest.raises(InvalidValueError, match="not both"):
        Volume(value=1500, at_most=True, at_least=True, period=YEAR, source=SRC)


def test_an_estimated_spending_is_read_only_when_the_estimator_asks_for_estimates() -> None:
    """kind = 'estimate': reported_spending(kind='estimate') prices it (+-50% by the
    qualifier estimate: 50-150); the default kind names the option to choose."""
    guess = _spending(kind="estimate", qualifier="estimate", year_words="in recent years")
    town = Municipality(name="Bristol", evidence=(guess,))
    model = ReportedSpending(kind="estimate").build(town, Assumptions(price_year=2015))
    assert model.hard_range() == (50.0, 150.0)
    assert "taken for 2015 (the source gives no year: 'in recent years')" in str(model.notes)
    with pytest.raises(NotApplicable, match="kind = 'estimate'"):
        ReportedSpending().build(town, Assumptions(price_year=2015))


def test_an_alternative_leaving_rounded_drops_the_precision() -> None:
    """'16 mio.' rounded to a million, read as 'about': the precision goes with 'rounded'."""
    rounded = _spending(qualifier="rounded", precision=10.0)
    edit = EditEvidence("kbh", Spending, {"qualifier": "approximate"})
    town = Municipality(name="K", evidence=(rounded,), key="kbh")
    study = Study((town,), Assumptions(price_year=2015), declarations=GBP)
    edited = edit.apply(study).municipality("kbh").records(Spending)[0]
    assert (edited.qualifier.value, edited.precision) == ("approximate", None)
    assert edited.distribution().bounds == (80.0, 120.0)


def test_the_evidence_table_says_how_each_figure_is_qualified() -> None:
    """A bound or range replaces the qualifier in words; a precision has separators."""
    from repatcost.report import _qualifier_text

    assert _qualifier_text(_spending(qualifier="rounded", precision=1e6)) == "rounded to 1,000,000"
    assert _qualifier_text(_spending(at_least=True, spread=0.3)) == "at least, spread 0.3"
    assert _qualifier_text(_spending(range=[90, 110])) == "range 90 - 110"
    assert _qualifier_text(_spending(qualifier="estimate", at_most=False)) == "estimate"


def test_the_outcome_sentence_names_the_year_of_its_figures_not_the_price_year(
    tmp_path: Path,
) -> None:
    """At 2024 prices the bundled study still divides by the persons repatriated in 2023
    (the year of its Table 1 figures), and names the period of the count that has one."""
    from repatcost.data import BUNDLED_SCENARIO
    from repatcost.report import render_study

    text = BUNDLED_SCENARIO.read_text(encoding="utf-8").replace(
        "price_year = 2023", "price_year = 2024"
    )
    result = load_scenario(_write(tmp_path, text)).run(500, seed=1)
    markdown = render_study(result)
    assert "the persons repatriated in 2023 (section 3, Table 1 of the source)" in markdown
    assert "repatriated in 2024" not in markdown
    assert "(Aalborg's September to September)" in markdown


UNDATED = """title = "One council"
currency = "GBP"
price_year = 2015
document = "A compilation"

[municipality.essex]
name = "Essex"

[[municipality.essex.spending]]
amount = 185000
kind = "estimate"
qualifier = "estimate"
source = { section = "table, row Essex" }
"""


def test_an_undated_spending_estimate_is_read_at_the_price_year(tmp_path: Path) -> None:
    """A council's own estimate with no year: tried without a pack after actual spending,
    read as of the price year (no price movement), spread +-50% as an estimate."""
    study = load_scenario(_write(tmp_path, UNDATED))
    model = study.model("essex")
    assert model.method == "reported_spending"
    assert model.hard_range() == (92_500.0, 277_500.0)


def test_a_dated_spending_without_an_index_names_the_key_to_add(tmp_path: Path) -> None:
    """Money of 2014 in a 2015 study with no price index and no wage growth: refused naming
    the assumption to add (no silent default)."""
    text = UNDATED.replace('kind = "estimate"\n', 'kind = "estimate"\nyear = 2014\n')
    with pytest.raises(ScenarioError, match=r"\[assumptions\.wage_growth\]"):
        load_scenario(_write(tmp_path, text))

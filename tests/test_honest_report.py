"""Issue 11's report: the JSON contract, readings in every report, words that say what is known."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from repatcost.cli import main

SAMPLES = "3000"


@pytest.fixture(scope="module")
def record():
    """The JSON report of the bundled study (readings included)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["estimate", "--samples", SAMPLES, "--seed", "5", "--format", "json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def markdown():
    """The Markdown report of the bundled study."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["estimate", "--samples", SAMPLES, "--seed", "5"]) == 0
    return out.getvalue()


def test_json_contract_readings_and_envelope(record) -> None:
    """readings[] and envelope hold the shapes of the issue's JSON contract."""
    names = [r["name"] for r in record["readings"]]
    assert "kobenhavn.year" in names
    for reading in record["readings"]:
        assert {"name", "question", "source", "central", "alternatives"} <= set(reading)
        labels = [a["label"] for a in reading["alternatives"]]
        assert reading["central"] in labels
        for alt in reading["alternatives"]:
            assert {"label", "rationale", "total", "municipalities"} <= set(alt)
            lo, hi = alt["total"]["interval"]
            assert lo <= alt["total"]["median"] <= hi
            assert set(alt["municipalities"]) == {"kobenhavn", "aarhus", "odense", "aalborg"}
    envelope = record["envelope"]
    assert set(envelope["municipalities"]) == {"kobenhavn", "aarhus", "odense", "aalborg"}


def test_kobenhavn_2022_gives_about_2_4_million_inside_the_envelope(record) -> None:
    """The 2022 alternative's total is about DKK 2.4 m and the envelope spans its interval."""
    year = next(r for r in record["readings"] if r["name"] == "kobenhavn.year")
    alt = next(a for a in year["alternatives"] if a["label"] == "2022")
    assert alt["total"]["median"] == pytest.approx(2_400_000, rel=0.03)
    low, high = record["envelope"]["total"]
    assert low <= record["total"]["interval"][0]
    assert high >= alt["total"]["interval"][1]


def test_json_contract_agreement_and_implied(record) -> None:
    """Cross-check agreement carries quantile, ratio, verdict and rule; implied quantities
    carry their share of draws inside the plausible range (or say why there is none)."""
    kbh = record["municipalities"][0]
    agreement = kbh["crosschecks"][0]["agreement"]
    assert agreement["verdict"] in ("tension", "inconsistent")
    assert agreement["rule"].startswith("consistent if")
    assert 0.0 <= agreement["reported_quantile"] <= 1.0
    for row in record["municipalities"]:
        for item in row["implied"].values():
            assert "share_plausible" in item
            if item["plausible"] is None:
                assert item["plausible_note"]
            else:
                assert 0.0 <= item["share_plausible"] <= 1.0
    odense = record["municipalities"][2]
    assert odense["implied"]["conversations"]["share_plausible"] < 0.5
    assert odense["cost_per_conversation"] is None


def test_markdown_words(markdown) -> None:
    """Markdown mentions 2022 and the range across readings, has no ± after a median and
    no 'hard range', and gives the per-person ratio its own section."""
    assert "2022" in markdown
    assert "## Range across readings" in markdown
    assert "±" not in markdown
    assert "hard range" not in markdown.lower()
    assert "range under the stated bounds" in markdown
    assert "## Cost per repatriated person (a ratio, not an effect)" in markdown
    headline = markdown.split("## Range across readings")[0]
    assert "repatriated" not in headline
    assert "Data gaps" in markdown
    assert "interpreter fees (Odense, Aalborg)" in markdown
    assert "Verdict rule:" in markdown


def test_markdown_rounds_to_three_significant_digits(markdown) -> None:
    """Money in the headline table has at most three significant digits."""
    table = markdown.split("## Range across readings")[0]
    for cell in re.findall(r"\| ([\d,]+) \|", table):
        digits = cell.replace(",", "").rstrip("0")
        assert len(digits) <= 3, cell


def test_reading_option_chooses_an_alternative(capsys) -> None:
    """--reading kobenhavn.year=2022 makes the 2022 spending central (total about 2.4 m)."""
    args = ["estimate", "--samples", SAMPLES, "--format", "json"]
    assert main([*args, "--reading", "kobenhavn.year=2022"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total"]["median"] == pytest.approx(2_400_000, rel=0.03)
    assert main([*args, "--reading", "kobenhavn.year=1999"]) != 0
    assert "label" in capsys.readouterr().err
    assert main([*args, "--reading", "kobenhavn.year"]) == 2


def test_sensitivity_readings_ranks_the_alternatives(capsys) -> None:
    """sensitivity --method readings lists København 2022 first for the total."""
    assert main(["sensitivity", "--method", "readings", "--samples", "2000"]) == 0
    out = capsys.readouterr().out
    first = next(line for line in out.splitlines() if line.startswith("| kobenhavn"))
    assert "2022" in first
    assert main(["sensitivity", "--method", "readings", "--of", "cost_per_conversation"]) == 2


def test_implied_hourly_cost_is_net_of_interpreter_fees(bundled) -> None:
    """København's implied hourly cost = (spending - modelled fees) / caseworker hours."""
    result = bundled.run(2_000, seed=8)
    v = result.draws.values
    held = 750 * v["distinct_invitation_share"] * v["show_up_rate"]
    billed = 2.0  # meetings of 1-1.5 h, per commenced hour
    fees = held * v["interpreter_share"] * billed * v["interpreter_fee"]
    hours = held * v["hours_per_conversation"]
    expected = (v["kobenhavn.spending_2023_actual"] - fees) / hours
    implied = result.estimates["kobenhavn"].quantities["implied_hourly_cost"]
    np.testing.assert_allclose(implied, expected, rtol=1e-12)
    assert (held <= 750).all()


def test_markdown_total_per_conversation_names_the_municipalities_it_covers(markdown) -> None:
    """The total per conversation says which municipalities it covers (Odense has no count)."""
    section = markdown.split("## Per conversation held", 1)[1].split("##", 1)[0]
    total = next(line for line in section.splitlines() if line.startswith("| Total"))
    assert "over København, Aarhus, Aalborg" in total


@pytest.mark.slow
def test_samples_auto_reports_the_range_across_readings(capsys) -> None:
    """``--samples auto`` carries the readings, extremes and envelope too: those of a run
    across readings at the sample size and seed it settled on."""
    from repatcost.across_readings import readings_record, run_readings
    from repatcost.data import bundled_study

    argv = ["estimate", "--samples", "auto", "--tolerance", "0.02", "--seed", "4"]
    assert main([*argv, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    expected = readings_record(run_readings(bundled_study(), doc["samples"], seed=4), doc["level"])
    assert {k: doc[k] for k in ("readings", "extremes", "envelope")} == json.loads(
        json.dumps(expected)
    )
    assert main(argv) == 0
    assert "## Range across readings" in capsys.readouterr().out

"""Assumptions as first-class: per-municipality overrides, did-you-mean for unknown or unused
names, a rationale for every override, ``repatcost assumptions``, and the report's list."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from repatcost.cli import main
from repatcost.scenario import ScenarioError, load_scenario

AARHUS = """
[municipality.aarhus]
name = "Aarhus"
code = 751
estimator = ["conversation_time", "interpreter_fees"]

[[municipality.aarhus.count]]
value = 194
measure = "took_part"
period = 2023
source = { section = "2" }
"""

AALBORG = """
[municipality.aalborg]
name = "Aalborg"
code = 851
estimator = ["conversation_time", "interpreter_fees"]

[[municipality.aalborg.count]]
value = 120
measure = "held"
period = 2023
source = { section = "2" }
"""

LOCAL = """
[municipality.aarhus.assumptions.interpreter_share]
distribution = { dist = "uniform", min = 0.5, max = 0.7 }
rationale = "Aarhus says many of its citizens need an interpreter"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[tuple[str, str]]:
    before = path.read_bytes()
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert path.read_bytes() == before  # a refused file is left as it was
    return [(p.path, p.expected) for p in err.value.problems]


def test_local_override_is_namespaced_and_drawn_independently(tmp_path: Path) -> None:
    """Aarhus' own interpreter share is the input ``aarhus.interpreter_share``, drawn apart
    from the shared one that Aalborg reads."""
    study = load_scenario(_write(tmp_path, AARHUS + LOCAL + AALBORG))
    models = study.models()
    assert "aarhus.interpreter_share" in models["aarhus"].inputs
    assert "interpreter_share" not in models["aarhus"].inputs
    assert "interpreter_share" in models["aalborg"].inputs
    draws = study.run(20_000, seed=4).draws.values
    local, shared = draws["aarhus.interpreter_share"], draws["interpreter_share"]
    assert local.min() >= 0.5
    assert local.max() <= 0.7
    assert abs(np.corrcoef(local, shared)[0, 1]) < 0.05
    assert study.assumptions_for("aarhus")["interpreter_share"].domain is not None


@pytest.mark.parametrize(
    ("table", "path", "words"),
    [
        ("[assumptions.show_up_rat]", "assumptions.show_up_rat", "did you mean 'show_up_rate'"),
        (
            '[assumptions."interpreter_sh\u0430re"]',  # a Cyrillic a
            "assumptions.interpreter_sh\u0430re",
            "U+0430",
        ),
        (
            '[assumptions."vejle.interpreter_share"]',
            "assumptions.vejle.interpreter_share",
            "no municipality 'vejle'",
        ),
        (
            "[municipality.aarhus.assumptions.interpreter_shar]",
            "municipality.aarhus.assumptions.interpreter_shar",
            "did you mean 'interpreter_share'",
        ),
    ],
)
def test_unknown_names_are_errors_with_a_suggestion(
    tmp_path: Path, table: str, path: str, words: str
) -> None:
    """Typos, look-alike letters and other municipalities' names are refused by key path."""
    text = AARHUS + f'\n{table}\ndistribution = 0.5\nrationale = "test"\n'
    ((where, expected),) = _problems(_write(tmp_path, text))
    assert where == path
    assert words in expected


def test_unused_override_is_an_error(tmp_path: Path) -> None:
    """An override no estimator of the file reads is refused (it would change nothing)."""
    text = '[assumptions.show_up_rate]\ndistribution = 0.8\nrationale = "local"\n' + AARHUS
    ((where, expected),) = _problems(_write(tmp_path, text))
    assert where == "assumptions.show_up_rate"
    assert "none reads 'show_up_rate'" in expected


def test_override_needs_a_rationale(tmp_path: Path) -> None:
    """An override without a rationale is refused, shared or local."""
    shared = "[assumptions.interpreter_share]\ndistribution = 0.5\n" + AARHUS
    assert _problems(_write(tmp_path, shared)) == [
        ("assumptions.interpreter_share.rationale", "a value (required key is missing)")
    ]
    local = AARHUS + "[municipality.aarhus.assumptions.interpreter_share]\ndistribution = 0.5\n"
    ((where, _),) = _problems(_write(tmp_path, local))
    assert where == "municipality.aarhus.assumptions.interpreter_share.rationale"


def test_local_override_outside_domain(tmp_path: Path) -> None:
    """A municipality's own share of 5 is refused with the shared assumption's domain."""
    text = AARHUS + LOCAL.replace('{ dist = "uniform", min = 0.5, max = 0.7 }', "5")
    ((where, expected),) = _problems(_write(tmp_path, text))
    assert where == "municipality.aarhus.assumptions.interpreter_share.distribution"
    assert "[0, 1]" in expected


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_assumptions_command_lists_every_assumption(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CSV and JSON list shared and local assumptions with domain, band, sources and users."""
    path = _write(tmp_path, AARHUS + LOCAL + AALBORG)
    status, out, _ = _cli(capsys, "assumptions", "--scenario", str(path), "--format", "csv")
    assert status == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["aarhus.interpreter_share"]["used_by"] == "aarhus"
    assert rows["interpreter_share"]["used_by"] == "aalborg"
    assert rows["interpreter_share"]["domain"] == "a number in [0, 1] (share)"
    assert rows["hours_per_conversation"]["plausible"] == "0.25 to 8"
    assert all(r["source"] and r["rationale"] and r["plausible_source"] for r in rows.values())
    status, out, _ = _cli(capsys, "assumptions", "--scenario", str(path), "--format", "json")
    assert len(json.loads(out)["rows"]) == len(rows)
    status, out, _ = _cli(capsys, "assumptions")
    assert status == 0
    assert out.startswith("| name | scope |")


def test_report_lists_overrides_and_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The estimate report lists every override with its rationale and flags implausible ones."""
    slip = '[assumptions.hours_per_conversation]\ndistribution = 60\nrationale = "minutes"\n'
    path = _write(tmp_path, slip + AARHUS + LOCAL)
    args = ("estimate", "--scenario", str(path), "--samples", "2000")
    status, out, _ = _cli(capsys, *args, "--format", "json")
    assert status == 0
    record = json.loads(out)
    assert record["overrides"] == [
        {"name": "hours_per_conversation", "rationale": "minutes"},
        {
            "name": "aarhus.interpreter_share",
            "rationale": "Aarhus says many of its citizens need an interpreter",
        },
    ]
    (flag,) = record["plausibility_flags"]
    assert flag.startswith("hours_per_conversation 60 is outside the plausible 0.25-8 h")
    status, out, _ = _cli(capsys, *args)
    assert status == 0
    assert "## Assumptions changed from the defaults" in out
    assert "- aarhus.interpreter_share: Aarhus says" in out
    assert "minutes typed as hours?" in out


def test_validate_warns_and_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``validate`` warns on stderr about implausible inputs and says OK after a small run."""
    slip = '[assumptions.hours_per_conversation]\ndistribution = 60\nrationale = "minutes"\n'
    path = _write(tmp_path, slip + AARHUS)
    status, out, err = _cli(capsys, "validate", str(path))
    assert status == 0
    assert "OK, 1 municipalities" in out
    assert "warning: hours_per_conversation 60 is outside" in err


def test_validate_refuses_what_estimate_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """overhead_share = -2 fails in validate with a message naming the file and assumption."""
    bad = '[assumptions.overhead_share]\ndistribution = -2\nrationale = "typo"\n'
    path = _write(tmp_path, bad + AARHUS)
    status, _, err = _cli(capsys, "validate", str(path))
    assert status != 0
    assert str(path) in err
    assert "assumptions.overhead_share" in err

"""Scenario files: the catalogue of bad files, a fifth municipality, and the format."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from repatcost.assumptions import default_assumptions
from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO
from repatcost.scenario import ScenarioError, load_scenario

HERE = Path(__file__).parent / "scenarios"
BAD = sorted((HERE / "bad").glob("*.toml"))


def expected_key(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ")


def expected_mentions(path: Path) -> str | None:
    """The optional second header line ``# mentions: TEXT``: words the message must hold."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[1].removeprefix("# mentions: ") if lines[1].startswith("# mentions: ") else None


def test_the_catalogue_holds_at_least_twenty_distinct_bad_files() -> None:
    """At least 20 distinct bad scenario files are checked."""
    assert len(BAD) >= 20
    assert len({p.read_bytes() for p in BAD}) == len(BAD)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_is_refused_naming_its_key(path: Path) -> None:
    """Each bad file raises ScenarioError naming the file and the offending key path."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    key = expected_key(path)
    paths = [p.path for p in info.value.problems]
    assert key in paths, f"{key} not in {paths}"
    if (mentions := expected_mentions(path)) is not None:
        assert mentions in str(info.value)
    assert info.value.file == str(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_fails_the_cli_cleanly_and_stays_unchanged(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`repatcost validate` and `estimate --scenario` exit 2 naming the key, print no
    traceback, and leave the file byte for byte as it was."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    for args in (
        ["validate", str(path)],
        ["estimate", "--samples", "100", "--scenario", str(path)],
    ):
        assert main(args) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert "Traceback" not in captured.err
        assert captured.err.startswith("repatcost: error:")
        assert expected_key(path) in captured.err
        assert (expected_mentions(path) or "") in captured.err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime


def test_a_bad_file_in_a_real_process_prints_no_traceback() -> None:
    """Driven as a real process, a bad file gives exit 2 and a message, no traceback."""
    path = HERE / "bad" / "nan_hours.toml"
    done = subprocess.run(
        [sys.executable, "-m", "repatcost", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "municipality.aarhus.hours_per_conversation[0].hours" in done.stderr


def test_all_problems_in_a_file_are_reported_together(tmp_path: Path) -> None:
    """Several mistakes in one file are listed together, not only the first."""
    text = (HERE / "bad" / "negative_count.toml").read_text(encoding="utf-8")
    text = text.replace("hours = 1.5", "hours = -1.5").replace("code = 751", "code = 0")
    path = tmp_path / "many.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    paths = {p.path for p in info.value.problems}
    assert {
        "municipality.aarhus.count[0].value",
        "municipality.aarhus.code",
        "municipality.aarhus.hours_per_conversation[0].hours",
    } <= paths
    assert "3 problems" in str(info.value)


def test_problem_names_value_and_expectation() -> None:
    """A problem states the value found and what was expected."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(HERE / "bad" / "unknown_measure.toml")
    problem = next(p for p in info.value.problems if p.path.endswith("measure"))
    assert problem.value == "invited"
    assert "'called_in'" in problem.expected
    assert "unknown estimator" not in str(info.value)


def test_unknown_estimator_lists_the_available_ones() -> None:
    """An unregistered estimator name lists the registered ones."""
    with pytest.raises(ScenarioError, match="conversation_time") as info:
        load_scenario(HERE / "bad" / "unknown_estimator.toml")
    assert "guesswork" in str(info.value)


def test_loading_executes_no_code(tmp_path: Path) -> None:
    """A string that looks like code stays a string: TOML is data."""
    marker = tmp_path / "pwned"
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8").replace(
        'title = "UIM', f"title = \"__import__('os').system('touch {marker}') UIM"
    )
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    study = load_scenario(path)
    assert study.title.startswith("__import__")
    assert not marker.exists()


def test_fifth_made_up_municipality_runs_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario with a made-up municipality runs through `repatcost estimate`."""
    path = HERE / "good" / "fifth_municipality.toml"
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    assert (
        main(["estimate", "--scenario", str(path), "--samples", "4000", "--format", "json"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    nordby = doc["municipalities"][1]
    assert nordby["name"] == "Nordby"
    assert nordby["code"] == 999
    assert nordby["one_off"]["median"] > 0
    assert nordby["recurring"]["median"] > 0
    assert nordby["crosschecks"][0]["method"] == "staff_allocation"
    assert "implied" in nordby
    assert doc["total"]["median"] == pytest.approx(
        sum(m["median"] for m in doc["municipalities"]), rel=0.2
    )


def test_scenario_overrides_apply(tmp_path: Path) -> None:
    """An assumption override in the file changes that assumption only."""
    study = load_scenario(HERE / "good" / "fifth_municipality.toml")
    show_up = study.assumptions["show_up_rate"]
    assert show_up.distribution.bounds == (0.6, 0.8)
    assert show_up.unit == default_assumptions()["show_up_rate"].unit
    assert show_up.rationale == "local experience (illustration)"
    assert study.assumptions["wage_cost"].distribution.bounds == (460_000, 600_000)


def test_bundled_file_round_trips_every_figure(bundled) -> None:
    """The bundled file yields the figures of DOMAIN.md with their sections."""
    from repatcost.evidence import ConversationCount, Repatriations, StaffYears, TotalHours

    counts = {m.key: m.only(ConversationCount) for m in bundled.municipalities}
    assert counts["kobenhavn"].value == 750
    assert counts["aarhus"].value == 194
    assert counts["odense"] is None
    assert counts["aalborg"].value == 120
    assert bundled.municipality("odense").only(StaffYears).value == 1
    assert bundled.municipality("aalborg").only(TotalHours).hours == 240
    persons = [m.only(Repatriations).persons for m in bundled.municipalities]
    assert persons == [30, 20, 17, 19]
    for m in bundled.municipalities:
        for record in m.evidence:
            assert record.source.section
            assert "spm. 184" in record.source.document


def test_every_bad_field_of_a_record_is_reported_at_once(tmp_path: Path) -> None:
    """The record class's own validators check each field, so all of a record's bad fields
    are listed together (a field is not hidden behind the first one)."""
    path = tmp_path / "fields.toml"
    path.write_text(
        "[municipality.x]\nname = 'X'\ncode = 5\n"
        "[[municipality.x.repatriations]]\npersons = -2\nyear = 1800\n"
        "source = {section = '2'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    paths = {p.path for p in info.value.problems}
    assert paths == {
        "municipality.x.repatriations[0].persons",
        "municipality.x.repatriations[0].year",
    }


def test_estimators_table_without_municipalities_is_a_problem_not_a_crash(
    tmp_path: Path,
) -> None:
    """An [estimators] table in a file with no [municipality] table gives two problems
    (the missing table, the unknown key), not an UnboundLocalError."""
    path = tmp_path / "only_estimators.toml"
    path.write_text("[estimators]\naarhus = 'conversation_time'\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert {p.path for p in info.value.problems} == {"municipality", "estimators.aarhus"}

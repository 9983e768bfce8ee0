"""Plugins that misbehave: exit 2 with the estimator, the municipality and what was wrong."""

from __future__ import annotations

import sys
import tomllib
from importlib.metadata import EntryPoint
from pathlib import Path

import attrs
import pytest

import repatcost.estimators as registry
from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO, bundled_study
from repatcost.errors import EstimatorError
from repatcost.scenario import to_toml
from repatcost.testing import check_estimator

PLUGINS = Path(__file__).parent / "plugins"
sys.path.insert(0, str(PLUGINS))
import misbehaving  # noqa: E402 - found through the folder just added

WHAT = {
    "bad_raises": "raised RuntimeError: boom",
    "bad_one_value": "has 1 values; expected 16 (one per sample)",
    "bad_extra_value": "has 17 values; expected 16 (one per sample)",
    "bad_complex": "complex",
    "bad_object": "holds object values",
    "bad_infinite": "is not finite (inf) at sample 0",
    "bad_writes": "wrote into its input arrays",
}
"""What the error says for each misbehaving estimator (the first evaluation is at the 16
corners of its four uncertain inputs, for the hard range)."""

CHECK = {
    "bad_raises": "check_output_shape",
    "bad_one_value": "check_output_shape",
    "bad_extra_value": "check_output_shape",
    "bad_complex": "check_output_dtype",
    "bad_object": "check_output_dtype",
    "bad_infinite": "check_finite_nonnegative",
    "bad_writes": "check_does_not_mutate_inputs",
}
"""The named check of check_estimator each one fails."""


@pytest.mark.parametrize("name", sorted(WHAT))
def test_a_misbehaving_model_stops_the_run_naming_estimator_and_municipality(name: str) -> None:
    """Study.run with one misbehaving estimator: EstimatorError naming both, and what."""
    study = bundled_study()
    spoiled = attrs.evolve(
        study, estimators={**study.estimators, "aalborg": misbehaving.SPOILED[name]()}, readings=()
    )
    with pytest.raises(EstimatorError) as info:
        spoiled.run(200, seed=1)
    message = str(info.value)
    assert f"estimator {name!r} for Aalborg" in message
    assert WHAT[name] in message


def test_a_build_that_raises_names_estimator_and_municipality() -> None:
    """An exception in build: EstimatorError naming the estimator, the municipality, the error."""
    study = bundled_study()
    spoiled = attrs.evolve(
        study, estimators={**study.estimators, "aalborg": misbehaving.BadBuild()}, readings=()
    )
    with pytest.raises(
        EstimatorError, match="estimator 'bad_build' for Aalborg: its build raised"
    ):
        spoiled.model("aalborg")


@pytest.mark.parametrize("name", sorted(CHECK))
def test_check_estimator_fails_each_misbehaviour_with_a_named_check(name: str) -> None:
    """check_estimator fails each misbehaving estimator, in the check named for it."""
    report = check_estimator(
        misbehaving.SPOILED[name](), on_fail=None, max_examples=3, progress=False
    )
    assert not report.ok
    assert report[CHECK[name]].status == "failed", report


@pytest.fixture
def plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register every misbehaving estimator, and one whose module does not import."""
    points = [
        EntryPoint(name, f"misbehaving:{cls.__name__}", registry.ENTRY_POINT_GROUP)
        for name, cls in misbehaving.SPOILED.items()
    ]
    points.append(EntryPoint("bad_build", "misbehaving:BadBuild", registry.ENTRY_POINT_GROUP))
    points.append(EntryPoint("broken", "no_such_module_xyz:Gone", registry.ENTRY_POINT_GROUP))
    monkeypatch.setattr(registry, "entry_points", lambda group: points)


def _scenario(tmp_path: Path, estimator: str) -> Path:
    """The bundled study with Aalborg estimated by ``estimator``; the reading about
    Aalborg's interpreters (whose central alternative names its estimator) left out."""
    document = tomllib.loads(BUNDLED_SCENARIO.read_text(encoding="utf-8"))
    document["municipality"]["aalborg"]["estimator"] = estimator
    document["readings"]["interpreter"].pop("aalborg")
    path = tmp_path / "s.toml"
    path.write_text(to_toml(document), encoding="utf-8")
    return path


@pytest.mark.usefixtures("plugins")
@pytest.mark.parametrize("name", [*sorted(WHAT), "bad_build"])
def test_the_cli_exits_2_naming_the_plugin_and_the_municipality(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`repatcost estimate` with a misbehaving plugin: exit 2, its name and Aalborg, no
    traceback, no internal error."""
    status = main(["estimate", "--samples", "200", "--scenario", str(_scenario(tmp_path, name))])
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"estimator {name!r} for Aalborg" in err
    assert "internal error" not in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("plugins")
def test_a_plugin_warning_is_a_one_line_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warning from a plugin's model is one `repatcost: note:` line, not Python's format."""
    status = main(
        ["estimate", "--samples", "200", "--scenario", str(_scenario(tmp_path, "warns"))]
    )
    err = capsys.readouterr().err
    assert status == 0, err
    assert "repatcost: note: this plugin is experimental" in err
    assert "UserWarning" not in err
    assert ".py:" not in err


@pytest.mark.usefixtures("plugins")
def test_a_plugin_that_fails_to_import_is_a_one_line_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Listing the estimators (an unknown name) notes the broken plugin in one line."""
    assert main(["validate", str(_scenario(tmp_path, "no_such_estimator"))]) == 2
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if line.startswith("repatcost: note:")]
    assert len(notes) == 1
    assert "broken" in notes[0]
    assert "no_such_module_xyz" in notes[0]
    assert "RuntimeWarning" not in err
    assert ".py:" not in err


def test_a_glyph_missing_from_the_font_is_a_one_line_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name with an emoji the chart font lacks: the chart is written, with one note line
    instead of matplotlib's warning with its file and line."""
    pytest.importorskip("matplotlib")
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text(text.replace('name = "Aarhus"', 'name = "Aarhus \\U0001FAE0"'))
    out = tmp_path / "chart.png"
    args = ["plot", "interval", "--scenario", str(scenario), "--samples", "2000"]
    assert main([*args, "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert out.read_bytes().startswith(b"\x89PNG")
    assert err.startswith("repatcost: note: Glyph 129760")
    assert err.count("\n") == 1
    assert "UserWarning" not in err

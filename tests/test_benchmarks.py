"""The benchmark suite runs and its floor is the library's model; no timing is asserted here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from repatcost.data import bundled_study
from repatcost.engine import stream

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def floor():
    """The hand-written floor model (benchmarks/floor.py)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import floor as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One ``python benchmarks/run.py --quick`` run: its Markdown and its JSON."""
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(out.read_text(encoding="utf-8"))


def test_floor_reproduces_the_library_model_on_the_same_draws(floor) -> None:
    """Given the library's random streams, the floor's figures equal the library's to rounding."""
    result = bundled_study().run(20_000, seed=5)
    values = floor.draw(20_000, 0, rng_for=lambda name: stream(result.seed, name))
    for name, array in values.items():
        assert np.array_equal(array, result.draws.values[name]), name
    outputs = floor.model(values)
    for key, estimate in result.estimates.items():
        np.testing.assert_allclose(outputs[key]["cost"], estimate.samples, rtol=1e-13)
        for name, array in estimate.quantities.items():
            np.testing.assert_allclose(outputs[key][name], array, rtol=1e-13)
    np.testing.assert_allclose(outputs["total"]["cost"], result.total.samples, rtol=1e-13)
    check = result.crosschecks["kobenhavn"][0]
    np.testing.assert_allclose(outputs["kobenhavn_check"]["cost"], check.samples, rtol=1e-13)


def test_floor_hard_ranges_and_total_function_match_the_library(floor) -> None:
    """The floor's hard ranges and its plain total (the Sobol function) are the library's."""
    result = bundled_study().run(1_000, seed=2)
    ranges = floor.hard_ranges()
    for key, estimate in result.estimates.items():
        np.testing.assert_allclose(ranges[key], estimate.hard_range, rtol=1e-12)
    np.testing.assert_allclose(ranges["total"], result.total.hard_range, rtol=1e-12)
    values = {k: v for k, v in result.draws.values.items() if k in floor.UNCERTAIN}
    np.testing.assert_allclose(floor.total(values), result.total.samples, rtol=1e-13)


def test_inputs_known_exactly_are_stored_once() -> None:
    """A ``Fixed`` input's draws are a read-only stride-0 view: no memory grows with n."""
    draws = bundled_study().run(100_000, seed=1).draws
    count = draws.values["kobenhavn.count"]
    assert count.shape == (100_000,)
    assert count.strides == (0,)
    assert not count.flags.writeable
    assert np.all(count == 750.0)


@pytest.mark.slow
def test_quick_run_prints_every_section(quick) -> None:
    """``run.py --quick`` prints the targets table and every section's heading."""
    text, _ = quick
    for heading in (
        "## Targets",
        "## Bundled study",
        "## Floor and library agree",
        "## Peak memory",
        "## Scaling",
        "## Sobol indices",
        "## Peers",
    ):
        assert heading in text
    assert re.search(r"\| study \+ summary at 10\^6, time / floor \| 1\.3 \| [\d.]+ \|", text)


@pytest.mark.slow
def test_quick_run_json_is_well_formed(quick) -> None:
    """Every timing is positive, every ratio finite, every target reported with a value."""
    _, data = quick
    assert data["quick"] is True
    assert data["machine"]["versions"]["numpy"]
    assert [row["n"] for row in data["study"]] == [10**4, 10**5, 10**6]
    for row in data["study"]:
        for case in ("floor", "library"):
            assert row[case]["median_s"] > 0
            assert row[case]["min_s"] <= row[case]["median_s"] <= row[case]["max_s"]
        assert np.isfinite(row["ratio"])
        assert row["ratio"] > 0
    assert set(data["memory"]["cases"]) >= {"floor", "library"}
    assert all(c["peak_mib"] > 0 for c in data["memory"]["cases"].values())
    assert [r["municipalities"] for r in data["scaling"]["rows"]] == [1, 4, 16, 98]
    sobol = data["sobol"]
    assert sobol.get("skipped") == "sensitivity module not available" or sobol["ratio"] > 0
    for target in data["targets"]:
        if target["key"] == "sobol_4096" and "skipped" in sobol:
            continue
        assert isinstance(target["value"], float)
        assert isinstance(target["met"], bool)


@pytest.mark.slow
def test_floor_and_library_agree_within_monte_carlo_error(quick) -> None:
    """Floor and library medians and interval ends differ by less than 4 standard errors."""
    _, data = quick
    assert [row["row"] for row in data["agreement"]] == [
        "kobenhavn",
        "aarhus",
        "odense",
        "aalborg",
        "total",
    ]
    for row in data["agreement"]:
        assert abs(row["z_median"]) < 4, row
        assert all(abs(z) < 4 for z in row["z_interval"]), row
        assert row["same_hard_range"], row


@pytest.mark.slow
def test_peers_agree_or_are_reported_as_skipped(quick) -> None:
    """squigglepy with shared draws matches the library's percentiles; absent peers skip."""
    _, data = quick
    squigglepy = data["peers"]["squigglepy"]
    if "skipped" in squigglepy:
        assert "not installed" in squigglepy["skipped"]
    else:
        for row in squigglepy["shared"]["rows"].values():
            assert all(abs(c["z"]) < 4 for c in row.values()), row
    salib = data["peers"]["salib"]
    assert "skipped" in salib or salib["max_first_order_difference"] < 0.05


def test_import_repatcost_imports_no_optional_dependency() -> None:
    """``import repatcost`` leaves every optional dependency (pyproject extras) unimported."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = {
        re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0].lower().replace("-", "_")
        for group in project["optional-dependencies"].values()
        for spec in group
    }
    optional.discard("repatcost")
    assert "matplotlib" in optional
    code = "import json, sys, repatcost; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = {name.split(".")[0].lower() for name in json.loads(done.stdout)}
    assert not optional & loaded, sorted(optional & loaded)


def test_package_plotting_and_cli_load_without_matplotlib_or_scipy() -> None:
    """matplotlib (an optional extra) and scipy (``scipy.special`` alone takes about half a
    second to import, ``scipy.stats`` more) are imported only by the methods that use them:
    the package, its sensitivity methods, plotting, the national model and the CLI's parser
    load without either."""
    code = (
        "import json, sys, repatcost, repatcost.sensitivity, repatcost.plotting, "
        "repatcost.national_model, repatcost.cli; repatcost.cli.build_parser(); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    heavy = [m for m in loaded if m.split(".")[0] in {"matplotlib", "scipy"}]
    assert not heavy, heavy


def test_import_repatcost_loads_names_on_first_use() -> None:
    """``import repatcost`` runs none of the library's modules (not even numpy): each public
    name is imported from its home on first use, and is that home's object."""
    import importlib

    code = (
        "import json, sys, repatcost; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('repatcost', 'numpy')))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == ["repatcost", "repatcost._interrupt"]
    import repatcost

    for name in repatcost.__all__:
        home = importlib.import_module(repatcost._HOMES[name])
        assert getattr(repatcost, name) is getattr(home, name), name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        repatcost.nothing  # noqa: B018

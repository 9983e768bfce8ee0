"""Chunked evaluation of costs: the same samples as one whole draw, in bounded memory."""

from __future__ import annotations

import numpy as np
import pytest

from repatcost.engine import draw_inputs, evaluate_costs
from repatcost.errors import InvalidValueError
from repatcost.model import merge_inputs


def _whole(models, inputs, n: int, seed: int) -> dict[str, np.ndarray]:
    draws = draw_inputs(inputs, n, seed=seed)
    return {
        key: m.cost(m.evaluate({name: draws.values[name] for name in m.inputs}))
        for key, m in models.items()
    }


@pytest.mark.parametrize("chunk", [1, 7, 256, 10_000])
def test_chunks_give_the_whole_draws_bit_for_bit(bundled, chunk: int) -> None:
    """Costs evaluated in chunks equal one evaluation on draw_inputs' samples, exactly."""
    models = bundled.models()
    inputs = merge_inputs("test", *(m.inputs for m in models.values()))
    expected = _whole(models, inputs, 1_000, 11)
    got = evaluate_costs(models, inputs, 1_000, seed=11, chunk=chunk)
    for key in models:
        assert (got[key] == expected[key]).all()


def test_run_costs_keeps_costs_and_their_sum(bundled) -> None:
    """run_costs: one cost array per municipality, the total their sample-wise sum."""
    lean = bundled.run_costs(2_000, seed=4, chunk=300)
    models = bundled.models()
    inputs = merge_inputs("test", *(m.inputs for m in models.values()))
    expected = _whole(models, inputs, 2_000, lean.seed)
    for key, estimate in lean.estimates.items():
        assert (estimate.samples == expected[key]).all()
        assert not estimate.components
        assert not estimate.quantities
    total = sum(expected.values())
    assert np.array_equal(lean.total.samples, total)
    assert lean.total.hard_range[0] == pytest.approx(
        sum(e.hard_range[0] for e in lean.estimates.values())
    )


@pytest.mark.parametrize("chunk", [0, -3, 2.5, True])
def test_bad_chunk_is_refused(bundled, chunk: object) -> None:
    """A chunk that is not a whole number >= 1 is named in the error."""
    models = bundled.models()
    with pytest.raises(InvalidValueError, match="'chunk'"):
        evaluate_costs(models, {}, 10, seed=1, chunk=chunk)  # type: ignore[arg-type]

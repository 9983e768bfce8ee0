"""The plugin keeps repatcost's estimator contract: one pytest test per check."""

from __future__ import annotations

from repatcost_letters import WrittenInvitations, with_defaults

from repatcost import default_assumptions
from repatcost.testing import parametrize_with_checks


@parametrize_with_checks([WrittenInvitations()], assumptions=with_defaults(default_assumptions()))
def test_contract(estimator, check) -> None:
    """WrittenInvitations passes every check of the estimator contract."""
    check(estimator)

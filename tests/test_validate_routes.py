"""validate runs the routing model on the network it would render and refuses routing faults
as located errors; the examples it refuses today are listed explicitly (the list shrinks as
the designs are fixed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.pipeline import load_and_validate
from dmvpngen.validate.routed import check_routing

INVENTORIES = Path(__file__).resolve().parents[1] / "inventories"
# emptied when the designs were fixed (hub interconnect, leak-maps, one key per network-id,
# PKI bootstrap); before, six examples were refused here
REFUSED: set[str] = set()


@pytest.mark.parametrize("name", sorted(p.stem for p in INVENTORIES.glob("*.yml")))
def test_examples_refused_by_routing_validation(name: str) -> None:
    loaded, secrets, _warnings = load_and_validate(INVENTORIES / f"{name}.yml")
    problems = check_routing(loaded, secrets)
    assert bool(problems) == (name in REFUSED), [p.message for p in problems]

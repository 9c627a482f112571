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


def test_unreachable_rp_is_located_at_the_rp_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every router traces its 'ip pim rp-address' like a service; a fault lands on
    multicast.rp.address. The address is moved behind the hubs' summary in the rendered text,
    since validation already refuses an RP that is on no hub."""
    import dataclasses

    import dmvpngen.render as render

    real = render.render_for_analysis  # validation renders with the hashes deferred

    def moved(*args: object, **kwargs: object) -> list[render.AnalysisConfig]:
        out = real(*args, **kwargs)  # type: ignore[arg-type]
        old, new = "ip pim rp-address 10.0.0.1\n", "ip pim rp-address 10.77.0.1\n"
        return [dataclasses.replace(c, text=c.text.replace(old, new)) for c in out]

    monkeypatch.setattr(render, "render_for_analysis", moved)
    path = INVENTORIES / "phase3-dual-hub-multicast-eigrp.yml"
    loaded, secrets, _warnings = load_and_validate(path)
    problems = check_routing(loaded, secrets)
    assert problems and all(p.path == ("multicast", "rp", "address") for p in problems)
    assert {p.line for p in problems} == {loaded.locator.line_of(("multicast", "rp", "address"))}
    assert all("pim rendezvous point" in p.message for p in problems)

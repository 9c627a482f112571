"""The routing model on the shipped examples: exactly the routing faults each one has today.

Each entry is (code, router, line in that router's generated config). The table shrinks as the
designs are fixed (hub interconnect, one tunnel key per network-id, PKI bootstrap); an example
that is not listed must raise no routing finding at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.engine import check_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "golden" / "examples"

# Emptied when the designs gained a hub interconnect, summary leak-maps, certificates that
# bootstrap and one tunnel key per network-id: before that, dual-hub-dual-cloud-eigrp,
# dual-isp-fvrf-ibgp, inside-vrf-eigrp and qos-bfd had NET060/NET063 (hub services and LANs
# inside the other hub's summary), hierarchical-eigrp NET065 (keys 1/10/20 on network-id 1)
# and crypto-pki NET067 (strict CRL through the tunnel). A new fault goes here, by line.
EXPECTED: dict[str, list[tuple[str, str, int]]] = {}

ROUTING_CODES = {f"NET{n:03d}" for n in range(60, 70)}


def test_failover_names_the_path_that_takes_over() -> None:
    result = check_paths([str(EXAMPLES / "dual-hub-dual-cloud-eigrp")])
    cases = {c["down"]: c for c in result.routing["failover"]}
    # hub-a down: nothing is lost, hub-b carries what hub-a carried
    assert cases["hub hub-a"]["lost"] == 0 and cases["hub hub-a"]["takes_over"]["hub-b"] > 0


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_routing_findings_per_example(example: str) -> None:
    result = check_paths([str(EXAMPLES / example)])
    got = sorted({(f.code, f.device, f.line) for f in result.findings if f.code in ROUTING_CODES})
    assert got == EXPECTED.get(example, [])
    # fail closed: with a hub down, no site flow may fall back to the WAN default route and leave
    # unencrypted toward the ISP (the floating Null0 routes of render.underlay.overlay_discards)
    leaks = [
        flow
        for case in result.routing["failover"]
        for flow in case["lost_flows"]
        if " exits at " in flow
    ]
    assert leaks == []

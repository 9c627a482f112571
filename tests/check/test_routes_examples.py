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

# hub-b's NTP / syslog on hub-a's LAN fall into hub-b's own 10.0.0.0/8 summary (NET060); each
# hub drops the other hub's LAN at its own summary (NET063), spokes' traffic to hub-b's LAN
# included, because spokes prefer hub-a.
EXPECTED: dict[str, list[tuple[str, str, int]]] = {
    "crypto-pki": [("NET067", "branch-01", 49), ("NET067", "branch-02", 49)],
    "dual-hub-dual-cloud-eigrp": [
        ("NET060", "hub-b", 149),
        ("NET060", "hub-b", 159),
        ("NET060", "hub-b", 160),
        ("NET063", "hub-a", 108),
        ("NET063", "hub-b", 108),
    ],
    "dual-isp-fvrf-ibgp": [
        ("NET060", "hub-b", 172),
        ("NET060", "hub-b", 182),
        ("NET060", "hub-b", 183),
        ("NET063", "hub-a", 134),
        ("NET063", "hub-b", 134),
        # one ISP down moves a spoke to the other cloud's hub, whose aggregate drops it
        ("NET068", "branch-01", 90),
        ("NET068", "branch-01", 102),
        ("NET068", "branch-02", 98),
        ("NET068", "branch-02", 115),
    ],
    # one network-id across clouds keyed 1, 10 and 20: cross-region shortcuts die
    "hierarchical-eigrp": [
        ("NET065", "eu-01", 109),
        ("NET065", "eu-hub", 111),
        ("NET065", "us-01", 109),
        ("NET065", "us-hub", 111),
    ],
    "inside-vrf-eigrp": [
        ("NET060", "hq-hub2", 102),
        ("NET060", "hq-hub2", 210),
        ("NET060", "hq-hub2", 223),
        ("NET060", "hq-hub2", 239),
        ("NET063", "hq-hub1", 173),
        ("NET063", "hq-hub2", 173),
    ],
    "qos-bfd": [
        ("NET060", "branch-01", 43),
        ("NET060", "branch-01", 174),
        ("NET060", "branch-01", 187),
        ("NET060", "branch-02", 43),
        ("NET060", "branch-02", 175),
        ("NET060", "branch-02", 188),
        ("NET060", "dc-hub2", 43),
        ("NET060", "dc-hub2", 205),
        ("NET060", "dc-hub2", 218),
        ("NET060", "hq-hub1", 219),
        ("NET063", "dc-hub2", 167),
        ("NET063", "hq-hub1", 167),
    ],
}

ROUTING_CODES = {f"NET{n:03d}" for n in range(60, 70)}


def test_failover_names_the_path_that_takes_over() -> None:
    result = check_paths([str(EXAMPLES / "dual-hub-dual-cloud-eigrp")])
    cases = {c["down"]: c for c in result.routing["failover"]}
    assert cases["hub hub-a"]["lost"] == 0 and cases["hub hub-a"]["takes_over"] == {"hub-b": 2}


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_routing_findings_per_example(example: str) -> None:
    result = check_paths([str(EXAMPLES / example)])
    got = sorted({(f.code, f.device, f.line) for f in result.findings if f.code in ROUTING_CODES})
    assert got == EXPECTED.get(example, [])


def test_hub_b_ntp_finding_names_the_summary_and_the_fix() -> None:
    result = check_paths([str(EXAMPLES / "dual-hub-dual-cloud-eigrp")])
    ntp = [f for f in result.findings if f.code == "NET060" and "10.1.0.10" in f.message]
    assert [f.device for f in ntp] == ["hub-b"]
    assert ntp[0].message.startswith(
        "10.1.0.10 (ntp server) matches 10.0.0.0/8 -> Null0, summary on Tunnel200 (fix: hub-b "
        "must learn 10.1.0.10 more specifically"
    )


def test_spokes_traffic_to_hub_b_lan_dies_at_hub_a() -> None:
    result = check_paths([str(EXAMPLES / "dual-hub-dual-cloud-eigrp")])
    (hit,) = [f for f in result.findings if f.code == "NET063" and f.device == "hub-a"]
    assert "10.1.1.1 (hub-b GigabitEthernet2) from branch-01, branch-02, hub-a" in hit.message
    assert "summary on Tunnel100" in hit.message

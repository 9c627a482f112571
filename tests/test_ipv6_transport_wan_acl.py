"""The IPv4 WAN access list admits IKE, NAT-T and ESP only on routers with a tunnel over IPv4:
where every cloud of a router runs over IPv6, nothing answers IKE on the IPv4 address, and an
open UDP 500 would still make the router compute an IKE_SA_INIT for any sender."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.pipeline import build_network
from tests.matrix import matrix_inventory, write_inventory
from tests.test_ipv6_transport_designs import ipv6_transport

EXAMPLES = Path(__file__).resolve().parent.parent / "inventories"
IKE_LINES = (
    " permit udp any any eq isakmp",
    " permit udp any any eq non500-isakmp",
    " permit esp any any",
)


def _wan_in(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("ip access-list extended WAN-IN") + 1
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append(line)
    assert body[-1] == " deny ip any any"
    return body


def _admits_ike(text: str) -> bool:
    body = _wan_in(text)
    found = [line in body for line in IKE_LINES]
    assert all(found) or not any(found), body
    return all(found)


def test_ipv6_transport_only_keeps_ipv4_ike_closed(tmp_path: Path) -> None:
    for phase in (1, 2, 3):
        data = ipv6_transport(matrix_inventory(phase, "eigrp", 1 if phase == 1 else 2))
        net = build_network(write_inventory(tmp_path, data))
        for name, config in net.configs.items():
            assert not _admits_ike(config.text), f"phase {phase} {name}"


def test_ipv4_transport_keeps_ike_open(tmp_path: Path) -> None:
    net = build_network(write_inventory(tmp_path, matrix_inventory(3, "eigrp", 2)))
    assert all(_admits_ike(c.text) for c in net.configs.values())


def test_one_cloud_over_ipv4_is_enough() -> None:
    """dual-isp-ipv6-transport-ibgp: hub-b serves only the IPv6 cloud; hub-a and the spokes
    have the IPv4 cloud too."""
    net = build_network(EXAMPLES / "dual-isp-ipv6-transport-ibgp.yml")
    admits = {name: _admits_ike(c.text) for name, c in net.configs.items()}
    assert admits == {"hub-a": True, "hub-b": False, "branch-01": True, "branch-02": True}

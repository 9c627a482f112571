"""The lab verification flow against scripted routers.

Each scripted router answers the exact commands verification sends with outputs in the IOS
formats of the real captures under data/show (addresses changed to the test inventory's), so
these tests check the decision logic; the parsers are tested on the captures themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Network

import pytest

from dmvpngen.lab.build import build_lab
from dmvpngen.lab.model import LabOptions
from dmvpngen.lab.session import Target
from dmvpngen.lab.verify import lab_targets, verify_lab, wait_for_overlay
from tests.lab.helpers import load, stand_in_configs

DMVPN_HEAD = """Legend: Attrb --> S - Static, D - Dynamic, I - Incomplete
        N - NATed, L - Local, X - No Socket
        T1 - Route Installed, T2 - Nexthop-override
        C - CTS Capable
        # Ent --> Number of NHRP entries with same NBMA peer
        NHS Status: E --> Expecting Replies, R --> Responding, W --> Waiting
        UpDn Time --> Up or Down Time for a Tunnel
==========================================================================

Interface: Tunnel100, IPv4 NHRP Details
Type:{kind}, NHRP Peers:{count},

 # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb
 ----- --------------- --------------- ----- -------- -----
"""


def dmvpn(kind: str, rows: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"     1 {nbma:<15} {tun:>15} {state:>5} 00:10:00     S\n" for nbma, tun, state in rows
    )
    return DMVPN_HEAD.format(kind=kind, count=len(rows)) + body


def ikev2(local: str, peers: list[str]) -> str:
    """``show crypto ikev2 sa`` in the layout of data/show/show_crypto_ikev2_sa_azuredoc.raw."""
    out = "\nIPv4 Crypto IKEv2  SA\n\n"
    for index, peer in enumerate(peers, 1):
        out += (
            "Tunnel-id Local                 Remote                fvrf/ivrf            Status\n"
            f"{index:<9} {local + '/4500':<21} {peer + '/4500':<21} none/none            READY\n"
            "      Encr: AES-GCM, keysize: 256, PRF: SHA384, Hash: None, DH Grp:19, "
            "Auth sign: PSK, Auth verify: PSK\n      Life/Active Time: 86400/3277 sec\n\n"
        )
    return out + "IPv6 Crypto IKEv2  SA\n"


def eigrp(neighbors: list[str]) -> str:
    """``show ip eigrp neighbors`` in the layout of data/show/show_ip_eigrp_neighbors_ntc.raw."""
    out = (
        "EIGRP-IPv4 Neighbors for AS(100)\n"
        "H   Address                 Interface       Hold Uptime   SRTT   RTO  Q  Seq\n"
        "                                            (sec)         (ms)       Cnt Num\n"
    )
    for index, address in enumerate(neighbors):
        out += f"{index:<3} {address:<22} Tu100             13 00:10:00   19   100  0  11\n"
    return out


NHRP_HUBS = """10.255.0.1/32 via 10.255.0.1
   Tunnel100 created 00:20:00, never expire
   Type: static, Flags: used
   NBMA address: 203.0.113.2
10.255.0.2/32 via 10.255.0.2
   Tunnel100 created 00:20:00, never expire
   Type: static, Flags: used
   NBMA address: 203.0.113.6
"""
NHRP_TO_B = """10.255.0.12/32 via 10.255.0.12
   Tunnel100 created 00:00:05, expire 00:09:54
   Type: dynamic, Flags: router nhop rib nho
   NBMA address: 100.64.0.2
"""
SHORTCUT = """10.12.0.0/24 via 10.255.0.12
   Tunnel100 created 00:00:05, expire 00:09:54
   Type: dynamic, Flags: router rib nho
   NBMA address: 100.64.0.2
"""
PING_OK = """Type escape sequence to abort.
Sending 5, 100-byte ICMP Echos to 10.12.0.1, timeout is 2 seconds:
Packet sent with a source address of 10.11.0.1
!!!!!
Success rate is 100 percent (5/5), round-trip min/avg/max = 1/2/4 ms"""
TRACE_DIRECT = """Type escape sequence to abort.
Tracing the route to 10.12.0.1
VRF info: (vrf in name/id, vrf out name/id)
  1 10.255.0.12 1 msec 0 msec *"""
TRACE_HUB = """Type escape sequence to abort.
Tracing the route to 10.12.0.1
VRF info: (vrf in name/id, vrf out name/id)
  1 10.255.0.1 0 msec 1 msec 0 msec
  2 10.255.0.12 5 msec 0 msec *"""
MGMT = LabOptions(mgmt=IPv4Network("192.0.2.0/24"))
INVALID = "                 ^\n% Invalid input detected at '^' marker.\n"


class Router:
    """Answers commands from a script; a list answers in turn (last one repeats)."""

    def __init__(self, script: dict[str, str | list[str]]) -> None:
        self.script = script
        self.sent: list[str] = []
        self.closed = False

    def send_command(self, command: str) -> str:
        self.sent.append(command)
        answer = self.script.get(command, INVALID)
        if isinstance(answer, list):
            return answer.pop(0) if len(answer) > 1 else answer[0]
        return answer

    def close(self) -> None:
        self.closed = True


def lab_routers(
    phase3: bool = True, shortcut: bool = True, trace: str = TRACE_DIRECT, dynamic: bool = True
) -> dict[str, Router]:
    spokes = [
        ("198.51.100.2", "10.255.0.11", "UP"),
        ("100.64.0.2", "10.255.0.12", "UP"),
        ("100.64.1.2", "10.255.0.13", "UP"),
    ]
    hubs = [("203.0.113.2", "10.255.0.1", "UP"), ("203.0.113.6", "10.255.0.2", "UP")]
    a = Router(
        {
            "show dmvpn": dmvpn("Spoke", hubs),
            "show crypto ikev2 sa": ikev2("198.51.100.2", ["203.0.113.2", "203.0.113.6"]),
            "show ip eigrp neighbors": eigrp(["10.255.0.1", "10.255.0.2"]),
            "clear ip nhrp": "",
            "show ip nhrp": [NHRP_HUBS, NHRP_HUBS + (NHRP_TO_B if dynamic else "")],
            "ping 10.12.0.1 source GigabitEthernet3": PING_OK,
            "show ip nhrp shortcut": SHORTCUT if shortcut else "",
            "traceroute 10.12.0.1 source GigabitEthernet3 numeric timeout 2 probe 2 ttl 1 5": trace,
        }
    )
    if not phase3:
        a.script["show ip nhrp shortcut"] = INVALID
    routers = {"branch1": a}
    for name in ("hub1", "hub2"):
        routers[name] = Router(
            {
                "show dmvpn": dmvpn("Hub, NHRP Peers", spokes),
                "show crypto ikev2 sa": ikev2("203.0.113.2", [n for n, _, _ in spokes]),
                "show ip eigrp neighbors": eigrp([t for _, t, _ in spokes]),
            }
        )
    for name in ("branch2", "branch3"):
        routers[name] = Router(
            {
                "show dmvpn": dmvpn("Spoke", hubs),
                "clear ip nhrp": "",
                "show crypto ikev2 sa": ikev2("100.64.0.2", ["203.0.113.2", "203.0.113.6"]),
                "show ip eigrp neighbors": eigrp(["10.255.0.1", "10.255.0.2"]),
            }
        )
    return routers


def run(routers: dict[str, Router], pair: tuple[str, str] | None = None):  # type: ignore[no-untyped-def]
    inv = load("lab-mix.yml")
    topo = build_lab(inv, stand_in_configs(inv), MGMT)
    targets = lab_targets(inv, topo, "admin", "pw")

    def factory(target: Target) -> Router:
        return routers[target.name]

    return verify_lab(inv, topo, factory, targets, pair=pair, sleep=lambda _: None)


def test_phase3_proof_passes() -> None:
    routers = lab_routers()
    report = run(routers)
    assert report.ok, [c for c in report.checks if not c.ok]
    assert report.pair == ["branch1", "branch2"]
    names = [c.check for c in report.checks if c.router == "branch1"]
    assert names == [
        "ike-sas", "routing", "registrations", "nhrp-cleared", "ping", "nhrp-dynamic",
        "shortcut", "one-hop",
    ]  # fmt: skip
    a = routers["branch1"].sent
    assert (
        a.index("clear ip nhrp")
        < a.index("show ip nhrp")
        < a.index("ping 10.12.0.1 source GigabitEthernet3")
    )
    assert routers["branch2"].sent.count("clear ip nhrp") == 1
    assert all(r.closed for r in routers.values())


@pytest.mark.parametrize(
    "mutate,failing",
    [
        (lambda: lab_routers(shortcut=False), "shortcut"),
        (lambda: lab_routers(trace=TRACE_HUB), "one-hop"),
        (lambda: lab_routers(dynamic=False), "nhrp-dynamic"),
    ],
)
def test_missing_shortcut_or_hub_path_fails(
    mutate: Callable[[], dict[str, Router]], failing: str
) -> None:
    report = run(mutate())
    assert not report.ok
    assert [c.check for c in report.checks if not c.ok] == [failing]


def test_shortcut_falls_back_to_route_table() -> None:
    routers = lab_routers(phase3=False)
    # an older release: no 'show ip nhrp shortcut', no traceroute keywords
    script = routers["branch1"].script
    script["traceroute 10.12.0.1 source GigabitEthernet3 numeric"] = script.pop(
        "traceroute 10.12.0.1 source GigabitEthernet3 numeric timeout 2 probe 2 ttl 1 5"
    )
    routers["branch1"].script["show ip route nhrp"] = (
        "Gateway of last resort is 198.51.100.1 to network 0.0.0.0\n\n"
        "H        10.12.0.0/24 [250/255] via 10.255.0.12, 00:00:14, Tunnel100\n"
    )
    routers["branch1"].script["show ip route next-hop-override"] = ""
    report = run(routers)
    assert report.ok, [c for c in report.checks if not c.ok]


def test_unregistered_spoke_and_unreachable_router() -> None:
    routers = lab_routers()
    routers["hub1"].script["show dmvpn"] = dmvpn(
        "Hub", [("198.51.100.2", "10.255.0.11", "UP"), ("100.64.0.2", "10.255.0.12", "NHRP")]
    )
    del routers["branch3"]

    inv = load("lab-mix.yml")
    topo = build_lab(inv, stand_in_configs(inv), MGMT)

    def factory(target: Target) -> Router:
        if target.name not in routers:
            raise ConnectionRefusedError
        return routers[target.name]

    report = verify_lab(inv, topo, factory, lab_targets(inv, topo, "u", "p"), sleep=lambda _: None)
    failed = {(c.router, c.check): c.detail for c in report.checks if not c.ok}
    assert failed[("hub1", "registrations")] == "dmvpn1: 1/3 spokes UP; not up: branch2, branch3"
    assert "cannot connect" in failed[("branch3", "connect")]
    assert not report.ok


def test_phase1_requires_hub_in_path() -> None:
    inv = load("lab-mix.yml")
    data = inv.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["clouds"][0]["phase"] = 1
    phase1 = type(inv).model_validate(data)
    topo = build_lab(phase1, stand_in_configs(phase1), MGMT)
    for trace, ok in ((TRACE_HUB, True), (TRACE_DIRECT, False)):
        routers = lab_routers(trace=trace)
        report = verify_lab(
            phase1,
            topo,
            lambda t, routers=routers: routers[t.name],  # type: ignore[misc]
            lab_targets(phase1, topo, "u", "p"),
            sleep=lambda _: None,
        )
        checks = {c.check: c.ok for c in report.checks if c.router == "branch1"}
        assert "nhrp-dynamic" not in checks and "shortcut" not in checks
        assert checks["via-hub"] is ok


def test_targets_prefer_lab_management() -> None:
    inv = load("lab-mix.yml")
    topo = build_lab(inv, stand_in_configs(inv), LabOptions(mgmt=IPv4Network("192.0.2.0/24")))
    targets = lab_targets(inv, topo, "u", "p")
    assert targets["hub1"].host == "192.0.2.11"
    plain = lab_targets(inv, build_lab(inv, stand_in_configs(inv), LabOptions()), "u", "p")
    assert plain["hub1"].host == "10.0.0.1"  # loopback
    assert plain["hub2"].host == "203.0.113.6"  # WAN address
    assert plain["branch2"].host == ""  # DHCP WAN, no loopback: unreachable without --mgmt


def test_wait_for_overlay_polls_until_up() -> None:
    inv = load("lab-mix.yml")
    topo = build_lab(inv, stand_in_configs(inv), MGMT)
    routers = lab_routers()
    down = dmvpn(
        "Spoke", [("203.0.113.2", "10.255.0.1", "NHRP"), ("203.0.113.6", "10.255.0.2", "UP")]
    )
    routers["branch1"].script["show dmvpn"] = [down, down, routers["branch1"].script["show dmvpn"]]  # type: ignore[list-item]
    now = [0.0]
    sleeps: list[float] = []

    def sleep(s: float) -> None:
        sleeps.append(s)
        now[0] += s

    checks = wait_for_overlay(
        inv,
        lambda t: routers[t.name],
        lab_targets(inv, topo, "u", "p"),
        timeout=100,
        interval=15,
        sleep=sleep,
        clock=lambda: now[0],
    )
    assert all(c.ok for c in checks) and sleeps == [15, 15]


def test_verify_over_real_ssh_with_netmiko() -> None:
    """The whole proof through NetmikoSession against SSH servers on 127.0.0.1."""
    from dmvpngen.lab.session import NetmikoSession
    from tests.lab.ssh_router import SshRouter

    scripted = lab_routers()
    servers = {}
    for name, router in scripted.items():
        servers[name] = SshRouter(name, router.send_command)
    try:
        inv = load("lab-mix.yml")
        topo = build_lab(inv, stand_in_configs(inv), MGMT)
        targets = {
            name: Target(name, "127.0.0.1", servers[name].port, "admin", "lab-pass")
            for name in servers
        }
        report = verify_lab(inv, topo, NetmikoSession, targets, sleep=lambda _: None)
        assert report.ok, [c for c in report.checks if not c.ok]
        assert "ping 10.12.0.1 source GigabitEthernet3" in servers["branch1"].commands
        with pytest.raises(Exception, match="uthentication"):
            NetmikoSession(Target("hub1", "127.0.0.1", servers["hub1"].port, "admin", "wrong"))
    finally:
        for server in servers.values():
            server.close()


def test_missing_ike_sas_fail_on_the_hub() -> None:
    routers = lab_routers()
    routers["hub2"].script["show crypto ikev2 sa"] = ikev2("203.0.113.6", ["198.51.100.2"])
    report = run(routers)
    failed = [(c.router, c.check, c.detail) for c in report.checks if not c.ok]
    assert failed == [("hub2", "ike-sas", "1 established IKE SA(s) for 3 peer(s)")]


def test_missing_routing_neighbor_fails() -> None:
    routers = lab_routers()
    routers["branch3"].script["show ip eigrp neighbors"] = eigrp(["10.255.0.1"])
    report = run(routers)
    failed = [(c.router, c.check, c.detail) for c in report.checks if not c.ok]
    assert failed == [("branch3", "routing", "eigrp: 1/2 tunnel peers up; missing 10.255.0.2")]


def test_inside_vrf_commands_name_the_vrf() -> None:
    """With an inside VRF, EIGRP neighbours, ping and traceroute are asked for inside it."""
    from dmvpngen.model import OverlayVrf

    routers = lab_routers()
    vrf_keyed = {"show ip eigrp neighbors": "show ip eigrp vrf CORP neighbors"}
    for router in routers.values():
        for old, new in vrf_keyed.items():
            router.script[new] = router.script.pop(old)
    a = routers["branch1"].script
    for command in [c for c in a if c.startswith(("ping ", "traceroute "))]:
        verb, rest = command.split(" ", 1)
        a[f"{verb} vrf CORP {rest}"] = a.pop(command)
    inv = load("lab-mix.yml").model_copy(update={"overlay_vrf": OverlayVrf(name="CORP")})
    topo = build_lab(inv, stand_in_configs(inv), MGMT)
    targets = lab_targets(inv, topo, "admin", "pw")
    report = verify_lab(
        inv, topo, lambda t: routers[t.name], targets, pair=("branch1", "branch2"),
        sleep=lambda _: None,
    )  # fmt: skip
    assert report.ok, [c for c in report.checks if not c.ok]
    assert "ping vrf CORP 10.12.0.1 source GigabitEthernet3" in routers["branch1"].sent
    assert "show ip eigrp vrf CORP neighbors" in routers["hub1"].sent


def pim(neighbors: list[str]) -> str:
    """``show ip pim neighbor`` in the layout of data/show/show_ip_pim_neighbor_genie.raw."""
    out = (
        "PIM Neighbor Table\n"
        "Neighbor          Interface                Uptime/Expires    Ver   DR\n"
        "Address                                                            Prio/Mode\n"
    )
    for address in neighbors:
        out += f"{address:<17} Tunnel100                00:10:00/00:01:40 v2    0 / S P G\n"
    return out


def test_multicast_checks_pim_neighbours_on_the_tunnels() -> None:
    from dmvpngen.model.multicast import Multicast, RendezvousPoint

    inv = load("lab-mix.yml")
    rp = RendezvousPoint(address=inv.hubs[0].loopback)
    inv = inv.model_copy(update={"multicast": Multicast(rp=rp)})
    topo = build_lab(inv, stand_in_configs(inv), MGMT)
    targets = lab_targets(inv, topo, "admin", "pw")
    routers = lab_routers()
    spokes = ["10.255.0.11", "10.255.0.12", "10.255.0.13"]
    for name, router in routers.items():
        peers = spokes if name.startswith("hub") else ["10.255.0.1", "10.255.0.2"]
        router.script["show ip pim neighbor"] = pim(peers)
    routers["hub2"].script["show ip pim neighbor"] = pim(spokes[:2])  # branch3 not heard

    report = verify_lab(inv, topo, lambda t: routers[t.name], targets, sleep=lambda _: None)
    checks = {(c.router, c.check): c for c in report.checks}
    assert checks[("hub1", "pim")].ok and checks[("branch1", "pim")].ok
    assert not checks[("hub2", "pim")].ok
    assert "missing 10.255.0.13" in checks[("hub2", "pim")].detail


def test_multicast_in_an_inside_vrf_asks_for_the_vrf_s_pim_neighbours() -> None:
    from dmvpngen.lab.health import _pim_check
    from dmvpngen.model.loader import load_inventory
    from tests.conftest import INVENTORIES

    inv = load_inventory(INVENTORIES / "inside-vrf-multicast-eigrp.yml").inventory
    spokes = ["10.255.0.11", "10.255.0.12", "10.255.0.13"]

    class Session:
        def __init__(self) -> None:
            self.sent: list[str] = []

        def send_command(self, command: str) -> str:
            self.sent.append(command)
            # the global table runs no PIM: only the VRF's table lists the tunnel neighbours
            return pim(spokes) if command == "show ip pim vrf CORP neighbor" else pim([])

    session = Session()
    check = _pim_check(inv, inv.hubs[0], session)  # type: ignore[arg-type]
    assert session.sent == ["show ip pim vrf CORP neighbor"]
    assert check.ok, check.detail


def test_inside_vrf_bgp_sessions_are_asked_for_in_the_vrf() -> None:
    """BGP in the inside VRF lists its sessions only in the VRF's summary; the lab asks for it
    and counts the hub's peers there."""
    from dmvpngen.lab.health import _routing_check
    from dmvpngen.model.loader import load_inventory
    from tests.conftest import INVENTORIES

    inv = load_inventory(INVENTORIES / "inside-vrf-ibgp.yml").inventory
    summary = (
        "BGP router identifier 10.0.0.1, local AS number 65000\n\n"
        "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n"
        "10.255.0.2      4        65000      10      12        5    0    0 00:03:10        4\n"
        "10.255.0.11     4        65000      10      12        5    0    0 00:03:10        2\n"
        "10.255.0.12     4        65000      10      12        5    0    0 00:03:10   Active\n"
    )

    class Session:
        def __init__(self) -> None:
            self.sent: list[str] = []

        def send_command(self, command: str) -> str:
            self.sent.append(command)
            return summary if command == "show ip bgp vpnv4 vrf CORP summary" else ""

    session = Session()
    check = _routing_check(inv, inv.hubs[0], session)  # type: ignore[arg-type]
    assert session.sent == ["show ip bgp vpnv4 vrf CORP summary"]
    assert not check.ok and check.detail.endswith("missing 10.255.0.12")

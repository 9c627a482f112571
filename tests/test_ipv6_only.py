"""IPv6-only overlays across the design matrix: every phase, routing protocol (EIGRP named mode,
OSPFv3, BGP with IPv6 sessions) and hub count, over an IPv4 and over an IPv6 transport, renders,
validates and checks without a finding, and the configs carry no IPv4 on the overlay: no IPv4
tunnel address or NHRP for IPv4, an explicit router id in every routing process, IPv6-only LANs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dmvpngen.check.engine import check_devices
from dmvpngen.parse import parse_config
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.matrix import case_name, cases, matrix_inventory, write_inventory


def ipv6_only(data: dict[str, Any], transport: str = "ipv4") -> dict[str, Any]:
    """The matrix inventory with an IPv6-only cloud: no IPv4 subnet, LAN or loopback."""
    cloud = data["clouds"][0]
    del cloud["subnet"]
    cloud["ipv6_subnet"] = "2001:db8:ffff::/64"
    if cloud.pop("summary", None) and (
        len(data["hubs"]) == 1 or data["routing"]["protocol"] != "eigrp"
    ):
        cloud["ipv6_summary"] = ["2001:db8::/32"]
    if data["routing"]["protocol"] == "eigrp":
        data["routing"] = {
            **data["routing"],
            "mode": "named",
            "authentication": {"algorithm": "hmac-sha-256", "auth_key": "secret:routing_key"},
        }
    mgmt = data["management"]
    del mgmt["ssh_allowed"]
    mgmt["ssh_allowed_v6"] = ["2001:db8:1::/64"]
    # the NOC's servers on hub1's LAN, by their IPv6 addresses
    mgmt["ntp_servers"], mgmt["syslog_hosts"] = ["2001:db8:1::10"], ["2001:db8:1::20"]
    for router in data["hubs"] + data["spokes"]:
        rid = router["id"]
        router["router_id"] = f"0.0.0.{rid}"
        router.pop("loopback", None)
        router["loopback_ipv6"] = f"2001:db8:0:1::{rid}"
        lan = router["lan"][0]
        del lan["address"]
        lan["ipv6_address"] = f"2001:db8:{rid}::1/64"
        if transport == "ipv6":
            router["wan"] = {
                "interface": router["wan"]["interface"],
                "ipv6_address": f"2001:db8:c0{rid:02}::2/64",
                "ipv6_gateway": "fe80::1",
            }
    if transport == "ipv6":
        cloud["transport_family"] = "ipv6"
        # the WANs share 2001:db8::/32 with the overlay: pin the overlay's own half only
        if "ipv6_summary" in cloud:
            cloud["ipv6_summary"] = ["2001:db8::/33"]
        for router in data["spokes"]:
            router["lan"][0]["ipv6_address"] = f"2001:db8:{router['id']}::1/64"
    return data


CASES = [(*c, t) for c in cases() for t in ("ipv4", "ipv6")]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{case_name(*c[:3])}-over-{c[3]}")
def test_every_design_runs_ipv6_only(case: tuple[int, str, int, str], tmp_path: Path) -> None:
    phase, protocol, hubs, transport = case
    data = ipv6_only(matrix_inventory(phase, protocol, hubs), transport)
    net = build_network(write_inventory(tmp_path, data))
    devices = {n: parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()}
    result = check_devices(list(devices.values()), "17.9")
    assert [f"{f.code} {f.device}: {f.message}" for f in result.findings] == []
    [cloud] = result.clouds
    assert str(cloud.subnet) == "2001:db8:ffff::/64"
    assert len(cloud.hubs) == hubs and len(cloud.spokes) == 3
    assert result.routing["ipv6"]["lan_flows"] == {"delivered": 20 if hubs == 2 else 12}
    for name, cfg in net.configs.items():
        _no_ipv4_overlay(name, cfg.text, protocol)


def _no_ipv4_overlay(name: str, text: str, protocol: str) -> None:
    """No IPv4 on tunnels and LANs, and a router id where each IPv6 process needs one."""
    tunnel = text.split("\ninterface Tunnel", 1)[1].split("\n!", 1)[0]
    assert not re.search(r"^ ip (address|nhrp|mtu|tcp|ospf) ", tunnel, re.M), name
    assert "\n ipv6 nhrp network-id " in tunnel and "\n ipv6 address FE80::" in tunnel
    lans = re.findall(
        r"\ninterface GigabitEthernet\d(?:/\d)?\n description (?!WAN)[^\n]*\n(.*?)\n!", text, re.S
    )
    assert lans and all(" no ip address" in lan for lan in lans), name
    process = {
        "eigrp": r"address-family ipv6 unicast autonomous-system \d+\n(?s:.*?)  eigrp router-id ",
        "ospf": r"router ospfv3 \d+\n router-id ",
        "bgp": r"router bgp \d+\n bgp router-id ",
    }[protocol]
    assert re.search(process + r"0\.0\.0\.\d+\n", text), name
    if protocol == "bgp":
        assert "\n no bgp default ipv4-unicast\n" in text, name
    assert "router ospf " not in text and "address-family ipv4" not in text, name


EXAMPLES = sorted(INVENTORIES.glob("*ipv6-only*.yml"))


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_examples_check_clean(inventory: Path) -> None:
    net = build_network(inventory)
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    result = check_devices(devices)
    assert [f.code for f in result.findings] == []
    spokes = len(result.clouds[0].spokes)
    assert result.ipv6 is not None and result.ipv6.spokes == (spokes, spokes)
    assert result.ipv6.ipv6_only == [c.name for c in result.clouds]
    pairs = {p.result for c in result.clouds for p in c.forwarding}
    assert pairs == {"direct"}


def test_check_reads_ipv6_nhrp_of_an_ipv6_only_cloud(tmp_path: Path) -> None:
    """A spoke whose NHRP for IPv6 names an address no hub has: check reports it, as it
    reports an IPv4 NHS that is no hub."""
    data = ipv6_only(matrix_inventory(3, "eigrp", 1))
    net = build_network(write_inventory(tmp_path, data))
    devices = {n: parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()}
    text = net.configs["spoke1"].text.replace(
        "ipv6 nhrp nhs 2001:DB8:FFFF::1 ", "ipv6 nhrp nhs 2001:DB8:FFFF::99 "
    )
    devices["spoke1"] = parse_config(text, "spoke1.cfg")
    result = check_devices(list(devices.values()), "17.9")
    mine = [f for f in result.findings if f.device == "spoke1"]
    assert any("2001:db8:ffff::99" in f.message.lower() for f in mine), mine
    assert any(f.severity in {"high", "critical"} for f in mine), mine


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_frr_lab_refuses_ipv6_only_with_a_listed_gap(inventory: Path) -> None:
    """The FRR lab lays tunnels out by their IPv4 addresses: an IPv6-only overlay is a
    blocking gap on every router of the cloud, and its plan builds nothing."""
    from dmvpngen.lab.frr.gaps import find_gaps
    from dmvpngen.lab.frr.planner import build_plan
    from dmvpngen.pipeline import load_and_validate

    loaded, secrets, _ = load_and_validate(inventory)
    inv = loaded.inventory
    gaps = [g for g in find_gaps(inv) if "IPv6-only" in g.feature]
    assert {g.router for g in gaps} == {r.name for r in (*inv.hubs, *inv.spokes)}
    assert all(g.blocking for g in gaps)
    assert build_plan(inv, secrets).routers == ()


def import_back(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The inventory at ``path`` and the one imported from its rendered configs (written beside
    it as again.yml), each resolved to field -> value."""
    import yaml

    from dmvpngen.importer import import_devices
    from tests.importer.test_roundtrip import _resolved

    net = build_network(path)
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    res = import_devices(devices, "again", "again.secrets.yml")
    (path.parent / "again.yml").write_text(res.text)
    (path.parent / "again.secrets.yml").write_text(yaml.safe_dump(res.secrets))
    return _resolved(path), _resolved(path.parent / "again.yml")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{case_name(*c[:3])}-over-{c[3]}")
def test_every_ipv6_only_design_imports_back(
    case: tuple[int, str, int, str], tmp_path: Path
) -> None:
    """Rendered, imported, and read back: every field of the inventory as it was (the name,
    secrets file and one-way hashes apart, as for every design)."""
    from tests.importer.test_roundtrip import EQUIVALENT, NOT_RECOVERABLE

    phase, protocol, hubs, transport = case
    path = write_inventory(tmp_path, ipv6_only(matrix_inventory(phase, protocol, hubs), transport))
    before, after = import_back(path)
    differ = {
        key: (before.get(key, "<absent>"), after.get(key, "<absent>"))
        for key in sorted(set(before) | set(after))
        if before.get(key, "<absent>") != after.get(key, "<absent>")
        and key not in NOT_RECOVERABLE
        and (key, before.get(key), after.get(key)) not in EQUIVALENT
        and not re.fullmatch(r"management\.users\[\d+\]\.secret", key)
        and not (key.endswith(".platform") and {before.get(key), after.get(key)} <= {None, "iosxe"})
    }
    assert differ == {}


def test_an_ipv4_ntp_server_is_reached_over_the_ipv4_wan(tmp_path: Path) -> None:
    """The clock without the tunnel: an IPv4 NTP server of an IPv6-only overlay over an IPv4
    transport is queried from the WAN, whose access list admits its replies."""
    data = ipv6_only(matrix_inventory(3, "eigrp", 1))
    data["management"]["ntp_servers"] = ["192.0.2.123"]
    net = build_network(write_inventory(tmp_path, data))
    for name, cfg in net.configs.items():
        wan = "GigabitEthernet0/0" if name == "spoke3" else "GigabitEthernet1"
        assert f"\nntp server 192.0.2.123 key 1 source {wan}\n" in cfg.text, name
        assert "\n permit udp host 192.0.2.123 eq ntp any\n" in cfg.text, name
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    high = [f for f in check_devices(devices, "17.9").findings if f.severity in {"high"}]
    assert high == []


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_lab_proof_reads_nhrp_for_ipv6_of_an_ipv6_only_overlay(inventory: Path) -> None:
    """The GNS3/CML proof reads an IPv6-only overlay's registrations and adjacencies from
    'show dmvpn ipv6' and the IPv6 neighbour tables (as verify does): green on routers running
    the rendered configs, red with the missing peers named when a spoke never registers, and
    never a vacuous pass on empty answers."""
    from dmvpngen.lab.health import Sessions, registrations
    from dmvpngen.lab.session import Target
    from tests.fakeios.router import FakeNetwork
    from tests.fakeios.shell import IOSShell

    net = build_network(inventory)
    inv = net.loaded.inventory
    fake = FakeNetwork()
    for name, cfg in net.configs.items():
        fake.add(name, cfg.text)
    targets = {n: Target(n, "192.0.2.1", 22, "u", "p") for n in net.configs}

    class Shell:
        def __init__(self, name: str) -> None:
            self.send_command = IOSShell(fake.routers[name]).handle

        def close(self) -> None:
            pass

    checks = registrations(inv, Sessions(lambda t: Shell(t.name), targets))
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    kinds = {c.check for c in checks}
    assert {"ike-sas", "dmvpn-ipv6-peers", "nhs-ipv6-up"} <= kinds
    assert any(k.endswith("-ipv6-neighbours") for k in kinds)

    spoke = inv.spokes[0].name
    fake.routers[spoke].tunnel_down = True
    checks = registrations(inv, Sessions(lambda t: Shell(t.name), targets))
    failed = {(c.router, c.check) for c in checks if not c.ok}
    assert (spoke, "nhs-ipv6-up") in failed
    assert {(h.name, "dmvpn-ipv6-peers") for h in inv.hubs} <= failed

    class Silent:
        def send_command(self, command: str) -> str:
            return ""

        def close(self) -> None:
            pass

    checks = registrations(inv, Sessions(lambda t: Silent(), targets))
    assert {"dmvpn-ipv6-peers", "nhs-ipv6-up"} <= {c.check for c in checks}
    assert not any(c.ok for c in checks)


CORPUS = Path(__file__).parent / "corpus"
REAL = "john-clarkson__cisco-labs__103-15.2_ipv6_ipsec_configs_{}.cfg"  # tests/corpus/SOURCES.tsv


def _without_ipv4_on_tunnel(text: str, tunnel: str) -> str:
    """A real dual-stack config with the IPv4 overlay lines of ``tunnel`` taken out: the same
    DMVPN as an IPv6-only cloud (its legacy 'ipv6 nhrp map' + 'ipv6 nhrp nhs' form kept)."""
    out, inside = [], False
    for line in text.splitlines():
        if not line.startswith(" "):
            inside = line == f"interface {tunnel}"
        elif inside and re.match(r" (no )?ip (address|nhrp|ospf|mtu|tcp|redirects)\b", line):
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def test_a_real_dmvpn_made_ipv6_only_is_found_by_its_ipv6_prefix() -> None:
    """The corpus' IOS 15.2 DMVPN for IPv6 (hub SITE_A, spoke SITE1_SPOKE_1) with its IPv4
    overlay removed: check finds one cloud, FC00:20:169:169::/64, with the hub and the spoke,
    and judges the spoke's registration as it judges the IPv4 one of the unchanged configs
    (the snapshot's hub WAN is shut down: both say so)."""
    texts = {n: (CORPUS / REAL.format(n)).read_text() for n in ("SITE_A", "SITE1_SPOKE_1")}
    original = check_devices([parse_config(t, n) for n, t in texts.items()], "15.2")
    [v4] = [c for c in original.clouds if str(c.subnet) == "20.169.169.0/24"]
    devices = [parse_config(_without_ipv4_on_tunnel(t, "Tunnel1234"), n) for n, t in texts.items()]
    assert all(d.tunnels["Tunnel1234"].address is None for d in devices)
    result = check_devices(devices, "15.2")
    [cloud] = [c for c in result.clouds if c.subnet.version == 6]
    assert str(cloud.subnet) == "fc00:20:169:169::/64"
    assert [m.name for m in cloud.hubs] == ["SITE_A"]
    assert [m.name for m in cloud.spokes] == ["SITE1_SPOKE_1"]

    def verdicts(links: list[Any]) -> list[tuple[str, str, bool | None, str]]:
        # the line numbers move with the lines taken out
        return [
            (x.a, x.b, x.ok, re.sub(r":\d+\)", ")", x.detail)) for x in links if x.kind == "nhrp"
        ]

    nhrp = verdicts(cloud.links)
    assert nhrp == verdicts(v4.links)
    assert nhrp[0][2] is False and "FastEthernet0/0 is shut down" in nhrp[0][3]
    assert result.ipv6 is not None and result.ipv6.ipv6_only == [cloud.name]


@pytest.mark.parametrize(
    ("phase", "spoke_as"),
    [(2, {"spoke_asn": 65100, "spoke_asn_per_spoke": True}), (3, {"spoke_asn": 65100})],
)
def test_ebgp_spokes_run_ipv6_only(phase: int, spoke_as: dict[str, Any], tmp_path: Path) -> None:
    """eBGP spokes (one AS each in phase 2, a shared AS in phase 3) over IPv6 sessions only:
    every site reaches every other, no finding."""
    data = ipv6_only(matrix_inventory(phase, "bgp", 2))
    data["routing"].update(spoke_as)
    net = build_network(write_inventory(tmp_path, data))
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    result = check_devices(devices, "17.9")
    assert [f"{f.code} {f.device}: {f.message}" for f in result.findings] == []
    assert result.routing["ipv6"]["lan_flows"] == {"delivered": 20}
    assert "\n no bgp default ipv4-unicast\n" in net.configs["spoke1"].text


def test_import_keeps_an_ipv4_ntp_server_of_an_ipv6_only_overlay(tmp_path: Path) -> None:
    """The NTP server reached over the WAN comes back beside the IPv6 syslog host."""
    from dmvpngen.importer import import_devices

    data = ipv6_only(matrix_inventory(3, "eigrp", 1))
    data["management"]["ntp_servers"] = ["192.0.2.123", "2001:db8:1::10"]
    net = build_network(write_inventory(tmp_path, data))
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    import yaml

    doc = yaml.safe_load(import_devices(devices, "again", "s.yml").text)
    assert doc["management"]["ntp_servers"] == ["192.0.2.123", "2001:db8:1::10"]
    assert doc["management"]["syslog_hosts"] == ["2001:db8:1::20"]


@pytest.mark.parametrize(
    ("old", "new", "code", "link"),
    [
        ("ipv6 nhrp authentication TstNhrp1", "ipv6 nhrp authentication Other123", "NET002",
         "NHRP authentication differs"),
        ("tunnel key 10", "tunnel key 11", "NET001", "tunnel keys differ"),
        ("ipv6 nhrp network-id 10", "ipv6 nhrp network-id 12", "NET004", "via 203.0.113.2"),
    ],
)  # fmt: skip
def test_check_locates_a_broken_ipv6_only_spoke_on_its_line(
    old: str, new: str, code: str, link: str, tmp_path: Path
) -> None:
    """One line of an IPv6-only spoke changed: check names the fault on that very line, and
    the registration verdict follows (a network-id is locally significant: it still forms)."""
    net = build_network(write_inventory(tmp_path, ipv6_only(matrix_inventory(3, "ospf", 1))))
    devices = {n: parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()}
    text = net.configs["spoke1"].text.replace(f"\n {old}\n", f"\n {new}\n")
    assert text != net.configs["spoke1"].text
    devices["spoke1"] = parse_config(text, "spoke1.cfg")
    result = check_devices(list(devices.values()), "17.9")
    [found] = [f for f in result.findings if f.code == code and f.device == "spoke1"]
    assert found.line is not None and text.splitlines()[found.line - 1] == f" {new}"
    [nhrp] = [x for c in result.clouds for x in c.links if x.kind == "nhrp" and x.a == "spoke1"]
    assert nhrp.detail == link and nhrp.ok is (code == "NET004")

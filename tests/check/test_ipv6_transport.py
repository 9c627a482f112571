"""check over an IPv6 transport: break one line of the rendered IPv6-transport example and
assert the finding, its router, its line and the peer; the unbroken network checks clean."""

from __future__ import annotations

from pathlib import Path

from tests.check.test_mutations import check, line_of

ROOT = Path(__file__).resolve().parents[2]
V6T = str(ROOT / "inventories" / "phase3-ipv6-transport-eigrp.yml")
NHS = " ip nhrp nhs 10.255.0.1 nbma 2001:DB8:800A::2 multicast\n"


def test_ipv6_transport_network_checks_clean() -> None:
    res = check(V6T, {}, "17.9")
    assert res.findings == []
    (cloud,) = res.clouds
    assert cloud.counts()["direct"] == 3  # the spokes build their shortcuts over IPv6
    assert res.ipv6 is not None and res.ipv6.spokes == (3, 3)


def test_wan_filter_drops_a_spokes_esp() -> None:
    old = " permit udp any any eq 500\n permit esp any any\n"  # WAN-IN-V6 (before CoPP's)
    new = " permit udp any any eq 500\n deny esp host 2001:DB8:C012::2 any\n permit esp any any\n"
    res = check(V6T, {"hq-hub1": (old, new)}, "17.9")
    (f,) = [f for f in res.findings if f.code == "NET089"]
    assert (f.device, f.peer, f.severity) == ("hq-hub1", "branch-02", "critical")
    assert f.line == line_of(V6T, "hq-hub1", old) + 1  # the inserted deny decides
    assert "ESP" in f.message


def test_wan_filter_without_ike_is_its_implicit_deny() -> None:
    old = " permit udp any any eq 500\n"
    res = check(V6T, {"branch-01": (old, "")}, "17.9")
    found = {(f.device, f.peer) for f in res.findings if f.code == "NET089"}
    # every peer of branch-01 (both hubs, and the other spokes in phase 3) is cut off
    peers = {"hq-hub1", "dc-hub2", "branch-02", "branch-03"}
    assert found == {("branch-01", p) for p in peers}


def test_nhs_at_an_ipv4_nbma_on_gre_over_ipv6() -> None:
    res = check(V6T, {"branch-01": (NHS, NHS.replace("2001:DB8:800A::2", "203.0.113.2"))}, "17.9")
    (f,) = [f for f in res.findings if f.code == "NET090"]
    assert (f.device, f.peer) == ("branch-01", "hq-hub1")
    assert f.line == line_of(V6T, "branch-01", NHS)


def test_ipv6_nbma_on_gre_over_ipv4() -> None:
    mode = " tunnel mode gre multipoint ipv6\n"
    res = check(V6T, {"branch-01": (mode, " tunnel mode gre multipoint\n")}, "17.9")
    codes = {(f.code, f.device) for f in res.findings}
    assert ("NET090", "branch-01") in codes


def test_nhs_at_another_ipv6_nbma() -> None:
    res = check(V6T, {"branch-01": (NHS, NHS.replace("800A::2", "800B::2"))}, "17.9")
    (f,) = [f for f in res.findings if f.code == "NET009"]
    assert (f.device, f.peer) == ("branch-01", "hq-hub1")


def test_gre_over_ipv6_from_a_source_without_ipv6() -> None:
    old = " ipv6 address 2001:DB8:C012::2/64\n"
    res = check(V6T, {"branch-02": (old, "")}, "17.9")
    (f,) = [f for f in res.findings if f.code == "NET052"]
    assert f.device == "branch-02" and "no IPv6 address" in f.message


def test_ipv6_keyring_peer_at_a_wrong_address_fails_ike() -> None:
    old = " peer hq-hub1\n  address 2001:DB8:800A::2/128\n"
    new = " peer hq-hub1\n  address 2001:DB8:800A::9/128\n"
    res = check(V6T, {"branch-02": (old, new)}, "17.9")
    found = [f for f in res.findings if f.code == "NET021"]
    assert {(f.device, f.peer) for f in found} == {("branch-02", "hq-hub1")}


def test_dynamic_nhs_at_an_ipv6_nbma_is_the_hub() -> None:
    """'ip nhrp nhs dynamic nbma <IPv6>' names the hub by its NBMA address only: found by
    address, whatever the case IOS prints it in."""
    res = check(V6T, {"branch-01": (NHS, NHS.replace("10.255.0.1", "dynamic"))}, "17.9")
    assert [f for f in res.findings if f.code in {"NET007", "NET008", "NET009"}] == []
    assert res.undecided == []  # not taken for a router missing from the checked set

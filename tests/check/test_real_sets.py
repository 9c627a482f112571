"""Real matched sets (tests/check/corpus, SOURCES.tsv): what an engineer reading them states."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check import CheckResult, check_paths

CORPUS = Path(__file__).parent / "corpus"


def run(name: str, ios_version: str | None = None) -> CheckResult:
    return check_paths([str(CORPUS / name)], ios_version)


def cloud(result: CheckResult, subnet: str):  # type: ignore[no-untyped-def]
    found = [c for c in result.clouds if str(c.subnet) == subnet]
    assert found, f"no cloud {subnet}: {[str(c.subnet) for c in result.clouds]}"
    return found[0]


def codes(result: CheckResult, minimum: str = "info") -> list[tuple[str, str, int | None]]:
    order = ["info", "low", "medium", "high", "critical"]
    return sorted(
        (f.code, f.device, f.line)
        for f in result.findings
        if order.index(f.severity) >= order.index(minimum)
    )


def nhrp(c) -> dict[tuple[str, str], bool | None]:  # type: ignore[no-untyped-def]
    return {(x.a, x.b): x.ok for x in c.links if x.kind == "nhrp"}


def test_ngmunia_2023_phase2_dual_cloud_is_clean_and_direct() -> None:
    r = run("NGMunia-2023-dualhub-dualcloud")
    assert [str(c.subnet) for c in r.clouds] == ["172.16.0.0/24", "172.17.0.0/24"]
    for subnet, hub in (("172.16.0.0/24", "HQ-R1-HUB"), ("172.17.0.0/24", "HQ-R2-HUB")):
        c = cloud(r, subnet)
        assert c.phase == 2
        assert [m.name for m in c.hubs] == [hub]
        assert [m.name for m in c.spokes] == ["R1-BRANCH", "R2-BRANCH", "R3-BRANCH"]
        assert all(nhrp(c).values()) and len(nhrp(c)) == 3
        assert c.counts() == {"direct": 3, "via-hub": 0, "blocked": 0, "broken": 0}
        assert all(x.ok for x in c.links if x.kind == "eigrp")
    assert r.findings == []


def test_ngmunia_2026_hubs_without_multicast_and_split_horizon() -> None:
    r = run("NGMunia-2026-dualhub-dualcloud")
    c10, c20 = cloud(r, "172.19.0.0/24"), cloud(r, "172.20.0.0/24")
    assert (c10.phase, c20.phase) == (2, 2)
    assert [m.name for m in c10.hubs] == ["R1"] and [m.name for m in c20.hubs] == ["R2"]
    assert [m.name for m in c10.spokes] == ["R3", "R4"]
    # NHRP registers (NBMA right) but EIGRP never forms: hubs cannot send multicast hellos
    assert all(nhrp(c10).values()) and all(nhrp(c20).values())
    assert not any(x.ok for x in c10.links + c20.links if x.kind == "eigrp")
    assert c10.counts()["broken"] == 1 and c20.counts()["broken"] == 1
    assert codes(r, "medium") == [
        ("NET016", "R2", 139),  # named EIGRP, no af-interface Tunnel1: split horizon stays on
        ("NET046", "R3", 105),
        ("NET046", "R3", 119),  # DHCP WAN without no-unique
        ("NET046", "R4", 105),
        ("NET046", "R4", 119),
        ("NET054", "R1", 105),
        ("NET054", "R2", 105),  # no 'ip nhrp map multicast dynamic'
    ]


def test_otus_phase3_dual_hub_legacy_nhs_is_direct() -> None:
    r = run("V1RaJ97-otus-project")
    (c,) = r.clouds
    assert (str(c.subnet), c.phase) == ("10.1.1.0/24", 3)
    assert [m.name for m in c.hubs] == ["MSK-CORE1", "MSK-CORE2"]
    assert [m.name for m in c.spokes] == ["DC-R1", "OMSK-CORE1", "SPB-CORE1"]
    regs = nhrp(c)
    assert len(regs) == 6 and all(regs.values())
    assert all(x.ok for x in c.links if x.kind == "ospf")
    assert c.counts() == {"direct": 3, "via-hub": 0, "blocked": 0, "broken": 0}
    assert r.findings == []


def test_iwan_shortcut_depends_on_release() -> None:
    r = run("carlbuchmann-iwan-dualcloud")
    assert [(str(c.subnet), c.phase, [h.name for h in c.hubs]) for c in r.clouds] == [
        ("172.16.101.0/24", 3, ["hq-wan-mpls"]),
        ("172.16.102.0/24", 3, ["hq-wan-inet"]),
    ]
    # IOS-XE configs with no release: "depends on release" at low severity, never silent
    assert {f.severity for f in r.findings} == {"low"}
    assert all("depends on release" in f.message for f in r.findings)
    assert sorted({f.code for f in r.findings}) == ["NET014", "NET054"]
    assert [(f.device, f.line) for f in r.findings if f.code == "NET014"] == [
        ("branch1-wan", 65),
        ("branch1-wan", 88),
        ("branch2-wan", 62),
        ("branch2-wan", 85),
    ]
    # on 17.x shortcut / multicast dynamic are defaults: clean, spokes go direct
    r17 = run("carlbuchmann-iwan-dualcloud", "17.6")
    assert r17.findings == [] and all(c.counts()["direct"] == 1 for c in r17.clouds)
    # on 15.x the same configs break: no shortcut, no multicast for EIGRP hellos
    r15 = run("carlbuchmann-iwan-dualcloud", "15.9")
    assert {f.severity for f in r15.findings if f.code in {"NET014", "NET054"}} == {"high"}
    assert all(c.counts()["broken"] == 1 for c in r15.clouds)


def test_usa_phase3_dual_hub_no_ipsec_dhcp_spokes() -> None:
    r = run("jc-fullab-USA")
    c = cloud(r, "10.169.128.0/24")
    assert c.phase == 3
    assert [m.name for m in c.hubs] == ["USA-1", "USA-2"]
    assert [m.name for m in c.spokes] == ["USA-CLIENT-USER-1", "USA-CLIENT-USER-2"]
    assert len(nhrp(c)) == 4 and all(nhrp(c).values())
    assert c.counts() == {"direct": 1, "via-hub": 0, "blocked": 0, "broken": 0}
    backup = cloud(r, "10.169.169.0/24")  # the shut MPLS backup cloud whose spokes are elsewhere
    assert backup.spokes == []
    found = codes(r)
    assert ("NET046", "USA-CLIENT-USER-1", 85) in found and (
        "NET046",
        "USA-CLIENT-USER-2",
        83,
    ) in found
    assert ("NET053", "USA-1", 160) in found and ("NET053", "USA-2", 160) in found
    assert ("NET028", "USA-1", 166) in found  # remote-access cloud carries no IPsec


def test_china_missing_peers_are_reported() -> None:
    r = run("jc-fullab-CHINA")
    c = cloud(r, "20.169.169.0/24")
    assert [m.name for m in c.hubs] == ["CHINA-1"]
    assert [m.name for m in c.spokes] == ["CHINA-CLIENT-USER1-WITHOUT-NAT"]
    assert nhrp(c)[("CHINA-CLIENT-USER1-WITHOUT-NAT", "CHINA-1")] is True
    missing = [(f.device, f.peer, f.line) for f in r.findings if f.code == "NET008"]
    assert missing == [
        ("CHINA-1", "10.169.169.254", 92),
        ("CHINA-1", "10.169.169.253", 93),
        ("CHINA-1", "20.169.169.253", 110),
        ("CHINA-CLIENT-USER1-WITHOUT-NAT", "20.169.169.253", 88),
    ]


def test_ikev2_ivrf_phase3_clean() -> None:
    r = run("jc-ikev2-ivrf")
    (c,) = r.clouds
    assert c.phase == 3 and [m.name for m in c.hubs] == ["HUB"]
    assert c.counts() == {"direct": 1, "via-hub": 0, "blocked": 0, "broken": 0}
    assert all(x.ok for x in c.links)
    # the AES/CBC/256 proposal is referenced by no 'crypto ikev2 policy': defaults negotiate
    assert [(f.code, f.device, f.line) for f in r.findings] == [
        ("NET058", "HUB", 82),
        ("NET058", "SPOKE-1", 88),
        ("NET058", "SPOKE-2", 83),
    ]


def test_ipv6_lab_hub_source_shut_down() -> None:
    r = run("jc-ipv6-ipsec")
    (c,) = r.clouds
    assert [m.name for m in c.hubs] == ["SITE_A"]
    assert not any(nhrp(c).values())
    assert c.counts() == {"direct": 0, "via-hub": 0, "blocked": 0, "broken": 1}
    # the spokes' IPv6 NHS (legacy form with 'ipv6 nhrp map', no 'ipv6 nhrp map multicast')
    # sends no IPv6 multicast to the hub: no IPv6 routing hellos reach it
    assert codes(r, "high") == [
        ("NET051", "SITE_A", 226),
        ("NET086", "SITE1_SPOKE_1", 97),
        ("NET086", "SITE1_SPOKE_2", 96),
    ]
    # IPv4 redirect/shortcut is configured, the IPv6 pair is not
    assert sorted(f.device for f in r.findings if f.code == "NET088") == [
        "SITE1_SPOKE_1",
        "SITE1_SPOKE_2",
        "SITE_A",
    ]


def test_azure_dual_hub_ospf_broadcast() -> None:
    r = run("rbannist-azure-devqa")
    (c,) = r.clouds
    assert c.phase == 3
    assert [m.name for m in c.hubs] == ["csrwedqa101", "csrwedqa102"]
    assert [m.name for m in c.spokes] == ["csreusdqa101", "csrseadqa101"]
    assert all(x.ok for x in c.links if x.kind == "ospf")
    assert set(nhrp(c).values()) == {None}  # NBMA given as DNS names: unknown, not failed
    assert c.counts()["direct"] == 1
    # NET074: the spokes run PIM sparse mode on their phase 3 tunnels but stay free to join a
    # source tree, which over a shortcut points at a spoke that is no PIM neighbour
    assert sorted({f.code for f in r.findings}) == ["NET011", "NET054", "NET074"]
    assert not any(f.severity in {"high", "critical"} for f in r.findings)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_every_set_checks_without_error(name: str) -> None:
    r = run(name)
    assert r.clouds
    for f in r.findings:
        assert f.file.endswith(".cfg") and f.code.startswith("NET")

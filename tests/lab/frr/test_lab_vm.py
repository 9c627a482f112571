"""The representative FRR lab set run in CI, proven end to end one after the other in one VM
boot (dmvpngen.lab.frr.batch), each with the differential test against ``check``:

- phase3-dual-stack-ibgp: BGP (iBGP, hubs as route reflectors), two hubs in one cloud, a DHCP
  spoke, and the IPv6 overlay (NHRP for IPv6 over the IPv4 NBMA, the IPv6 BGP sessions, LAN to
  LAN, the IPv6 shortcut); failover with each hub down, IPv4 and IPv6 flows judged and held
  against check's IPv4 and IPv6 routing views. Its IPv4-only twin phase3-dual-hub-ibgp runs
  from the bench.
- crypto-per-peer-keys: OSPF point-to-multipoint (phase 3) over nhrpd's multicast, two hubs,
  per-peer IKEv2 keys. No failover here: OSPF's point-to-multipoint dead interval (IOS's
  120 s) makes each hub case take minutes; bench/bench_frr_lab.py runs it with failover.
- dual-isp-fvrf-ibgp: two ISPs with front-door VRFs, one hub and cloud per ISP, the backup
  cloud's lower local-preference, the hub peering link with its core iBGP; failover with each
  ISP down. Those cases were out of the set for a while: a spoke now and then lost every flow
  with ISP A down. A failure record traced it to FRR taking the spokes' inbound route map as
  missing while the config loaded (the map was written after 'router bgp'); a spoke whose
  backup hub session came up in that window kept none of that hub's routes (docs/lab.md). The
  maps now come first, and every router's config must load without a word from FRR.
- hierarchical-ibgp: hierarchical DMVPN (a central hub, two regional hubs registered with it
  as spokes of CENTRAL, one network-id over three clouds; iBGP with the uplink sessions). The
  regional hubs' pair and the pair across regions go direct, each spoke's shortcut bound to
  the far spoke's own NBMA, not to a regional hub's (FRR 8.4's NAT guess, which the lab's
  redirect rules keep from firing; docs/lab.md). One hub per cloud: no failover case.

Every router of each probes its NTP and syslog servers (hosts on the hub LANs) from its
Loopback0 where it has one, as its config sources them, by ping and on the service's own port
(UDP 123, UDP 514); every LAN host opens SSH (TCP 22) to every router, admitted where the vty
access class permits it (the NOC LANs) and refused elsewhere. monitoring.yml's other service
kinds run from the bench.

Not in the set because the lab refuses them (docs/lab.md, "Faithful or explicit"): EIGRP
(eigrpd 8.4 lacks the designs' features; hierarchical-eigrp among them), OSPF broadcast.
Skipped, with the reason, only when the lab's parts are not installed (``dmvpngen lab
doctor``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dmvpngen.lab.frr.doctor import doctor
from tests.conftest import INVENTORIES

if TYPE_CHECKING:
    from dmvpngen.lab.frr.engine import LabReport

pytestmark = pytest.mark.lab_vm

_PARTS = doctor()
needs_parts = pytest.mark.skipif(
    not _PARTS.ok,
    reason="FRR lab parts missing: "
    + ", ".join(p.name for p in _PARTS.parts if not p.ok)
    + " (install: "
    + " && ".join(_PARTS.install)
    + ")",
)

# example -> (failover cases, routing adjacency kind, the failover checks expected)
CI_SET: dict[str, tuple[frozenset[str], str, list[str]]] = {
    "phase3-dual-stack-ibgp.yml": (
        frozenset({"hub"}),
        "bgp",
        ["hq-hub1 down", "dc-hub2 down"],
    ),
    "crypto-per-peer-keys.yml": (frozenset(), "ospf", []),
    # each ISP down: the spokes keep every flow over the other ISP's cloud (the rare loss
    # these cases once showed was a route map FRR read before it existed, docs/lab.md)
    "dual-isp-fvrf-ibgp.yml": (frozenset({"isp"}), "bgp", ["ISP ISP-A down", "ISP ISP-B down"]),
    "hierarchical-ibgp.yml": (frozenset(), "bgp", []),
}
# phase 3 clouds: a direct pair shows the NHRP shortcut the spoke's nhrpd installed
PHASE3 = {"phase3-dual-stack-ibgp.yml", "crypto-per-peer-keys.yml"}
DUAL_STACK = {"phase3-dual-stack-ibgp.yml"}
# regional hubs as spokes of a central cloud, one network-id: pairs across clouds measured
HIERARCHY = {"hierarchical-ibgp.yml"}
# a pair's detail: where each side's packets went (NBMA) beside that side's own NBMA
_NBMAS = re.compile(r"then to NBMA (\S+) \(B: (\S+)\), back to NBMA (\S+) \(A: (\S+)\)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, LabReport]:
    """The whole set proven in one VM boot, one lab after the other."""
    from dmvpngen.lab.frr.batch import frr_up_many

    labs = [(INVENTORIES / name, CI_SET[name][0]) for name in CI_SET]
    state = tmp_path_factory.mktemp("frr-lab")
    return dict(zip(CI_SET, frr_up_many(labs, state), strict=True))


@needs_parts
@pytest.mark.parametrize("example", list(CI_SET))
def test_example_runs_as_designed(example: str, reports: dict[str, LabReport]) -> None:
    _, routing, cases = CI_SET[example]
    report = reports[example]
    print(f"FRR lab timings {example}: {report.timings}")  # shown with -s or on failure
    for note in report.emulation_notes:  # the repairs of FRR 8.4's null neighbours
        print(f"FRR lab emulation note {example}: {note.router} (peer {note.peer}): {note.detail}")
    failed = [c for c in (*report.checks, *report.differential) if not c.ok]
    if failed and report.state_dir:
        # what the routers held when the checks failed (shown on failure): the state
        # directory is a temporary one, gone with the run
        log = Path(report.state_dir).parent / f"unconverged-{report.title}.log"
        if log.exists():
            print(log.read_text()[-60_000:])
    assert report.emulated and not report.running
    assert not failed, "\n".join(f"{c.router}: {c.check}: {c.detail}" for c in failed)
    kinds = {c.check.split(" ")[0] for c in report.checks}
    assert {"nhrp", routing, "ike", "reach"} <= kinds
    # every spoke pair check calls direct went direct (hub counters flat, two-hop TTL), or
    # left by another cloud (a backup cloud's pairs), never through a hub
    tested = [(p.predicted, p.observed) for p in report.paths if p.observed != "untested"]
    assert tested and all(seen == said for said, seen in tested)
    if example in PHASE3:
        direct = [p.detail for p in report.paths if p.observed == "direct"]
        assert direct and all("NHRP shortcut none" not in d for d in direct), direct
    # every router reached its NTP and syslog servers, from its Loopback0 where its config
    # sources them from it, by ping and on UDP 123 / UDP 514
    probes = [c for c in report.checks if c.check.startswith("reach -> ntp server")]
    assert probes and all("(Loopback0)" in c.detail or " from " not in c.detail for c in probes)
    assert any("(Loopback0)" in c.detail for c in probes)
    ports = {c.check.rsplit(" ", 1)[-1] for c in report.checks if c.check.startswith("reach -> ")}
    assert {"udp/123", "udp/514"} <= ports
    # SSH: admitted from the NOC LANs, refused from the branch LANs, to every router
    ssh = [c.detail for c in report.checks if c.check.startswith("reach ssh -> ")]
    assert any(d.endswith(": open") for d in ssh) and any(d.endswith(": refused") for d in ssh)
    if example in DUAL_STACK:
        # the IPv6 overlay: registrations and sessions, LAN to LAN, and the shortcut
        kinds6 = {c.check for c in report.checks}
        assert any(k.endswith(" ipv6") and k.startswith("nhrp") for k in kinds6)
        assert "bgp ipv6" in kinds6
        assert any(k.startswith("reach -> ") and k.endswith(" ipv6") for k in kinds6)
        six = [p for p in report.paths if p.family == "ipv6"]
        assert six and all(p.observed == p.predicted == "direct" for p in six), six
        assert all("NHRP shortcut 2001:" in p.detail for p in six)
        # with each hub down, every IPv6 flow too, as check's IPv6 routing view says
        held = {c.check for c in report.differential}
        assert any(h.startswith("check vs lab: path in ") and h.endswith(" ipv6") for h in held)
        for case in cases:
            for family in ("ipv4", "ipv6"):
                assert f"check vs lab: {case} {family}" in held
    if example in HIERARCHY:
        # the regional hubs' pair (CENTRAL) and the pair across regions went direct, each side
        # to the other's own NBMA: no spoke bound to a regional hub (FRR's NAT guess)
        held = {c.check for c in report.differential}
        assert "check vs lab: path in CENTRAL" in held
        across = [p for p in report.paths if " - " in p.cloud]
        assert across and {p.cloud for p in across} <= {c.split("path in ")[-1] for c in held}
        for p in (*across, *(p for p in report.paths if p.cloud == "CENTRAL")):
            nbmas = _NBMAS.search(p.detail)
            assert p.observed == "direct" and nbmas, p
            assert nbmas[1] == nbmas[2] and nbmas[3] == nbmas[4], p.detail
        assert all("NHRP shortcut none" not in p.detail for p in across), across
        # the redirects left out for that guess are reported with each regional hub
        uplinks = [g for g in report.not_emulated if g.feature == "hierarchical uplink"]
        assert len(uplinks) == 2 and not any(g.blocking for g in uplinks)
    failover_checks = {c.check for c in report.checks if c.check.startswith("failover")}
    for case in cases:
        for step in ("detected", "", "restored"):
            assert f"failover {case} {step}".strip() in failover_checks
    # the lab held check's prediction against each link and path it observed
    compared = {c.check.split(":")[1].split()[0] for c in report.differential}
    assert {"nhrp", "ike", routing, "path", "service"} <= compared

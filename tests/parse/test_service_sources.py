"""Which source interface a service's packets leave from, as check's return-path test reads it."""

from __future__ import annotations

from dmvpngen.parse import parse_config
from dmvpngen.parse.routefacts import route_facts

CONFIG = """hostname r1
interface Loopback0
 vrf forwarding CORP
 ip address 10.0.0.1 255.255.255.255
interface Loopback1
 ip address 10.0.1.1 255.255.255.255
ntp source Loopback1
logging source-interface {source}
logging host 10.1.0.20 vrf CORP
logging host 192.0.2.20
ntp server vrf CORP 10.1.0.10
"""


def sources(source: str) -> dict[tuple[str, str], str | None]:
    facts = route_facts(parse_config(CONFIG.format(source=source), "r1.cfg"))
    return {(s.kind, s.vrf): s.source for s in facts.services}


def test_a_vrf_source_serves_that_vrfs_syslog_hosts_only() -> None:
    got = sources("Loopback0 vrf CORP")
    assert got[("syslog host", "CORP")] == "Loopback0"
    assert got[("syslog host", "")] is None
    assert got[("ntp server", "CORP")] == "Loopback1"  # 'ntp source' has no VRF form


def test_a_plain_source_serves_the_global_tables_syslog_hosts_only() -> None:
    got = sources("Loopback1")
    assert got[("syslog host", "")] == "Loopback1"
    assert got[("syslog host", "CORP")] is None

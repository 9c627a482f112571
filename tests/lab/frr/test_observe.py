"""Parsers of the FRR lab's observations, on output captured from the packaged FRR 8.4.4,
strongSwan 5.9.8 and iputils in the lab VM."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.lab.frr.observe import (
    bgp_established,
    forward_packets,
    ike_established,
    lladdr,
    nhs_registered,
    ospf_full,
    parse_ping,
    shortcuts,
)

NHS_UP = """{
  "attr":{"entriesCount":2},
  "table":[
    {"interface":"gre100","fqdn":"203.0.113.2","nbma":"203.0.113.2","protocol":"10.255.0.1"},
    {"interface":"gre100","fqdn":"203.0.113.6","nbma":"203.0.113.6","protocol":"(unspec)"}
  ]
}"""

BGP = """{"ipv4Unicast":{"routerId":"10.0.0.11","as":65000,"peers":{
  "10.255.0.1":{"remoteAs":65000,"state":"Established","peerState":"OK"},
  "10.255.0.2":{"remoteAs":65000,"state":"Active","peerState":"OK"}}}}"""

# branch-01 of crypto-per-peer-keys (point-to-multipoint), one adjacency shortened to the fields
# read, the other as printed; hub2's state changed to show one that is not Full
OSPF = """{
  "neighbors":{
    "10.0.0.1":[
      {"priority":1,"state":"Full\\/DROther","nbrPriority":1,"nbrState":"Full\\/DROther",
       "converged":"Full","role":"DROther","address":"10.255.0.1","ifaceAddress":"10.255.0.1",
       "ifaceName":"tun100:10.255.0.11"}
    ],
    "10.0.0.2":[
      {
        "priority":1,
        "state":"Init\\/DROther",
        "nbrPriority":1,
        "nbrState":"Init\\/DROther",
        "converged":"Init",
        "role":"DROther",
        "upTimeInMsec":38335,
        "deadTimeMsecs":111351,
        "routerDeadIntervalTimerDueMsec":111351,
        "upTime":"38.335s",
        "deadTime":"1m51s",
        "address":"10.255.0.2",
        "ifaceAddress":"10.255.0.2",
        "ifaceName":"tun100:10.255.0.11",
        "retransmitCounter":0,
        "linkStateRetransmissionListCounter":0,
        "requestCounter":0,
        "linkStateRequestListCounter":0,
        "dbSummaryCounter":0,
        "databaseSummaryListCounter":0
      }
    ]
  }
}"""

SAS = """hq-hub1: #2, ESTABLISHED, IKEv2, bed87271e55d77a0_i 345aa489d8aede3d_r*
  local  '198.51.100.2' @ 198.51.100.2[4500]
  remote '203.0.113.2' @ 203.0.113.2[4500]
  AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_256
  gre: #3, reqid 1, INSTALLED, TRANSPORT, ESP:AES_GCM_16-256
dc-hub2: #4, CONNECTING, IKEv2, 0badc0de00000000_i
"""

PING = """PING 10.12.0.254 (10.12.0.254) 56(84) bytes of data.
64 bytes from 10.12.0.254: icmp_seq=1 ttl=61 time=7.38 ms
64 bytes from 10.12.0.254: icmp_seq=2 ttl=62 time=2.62 ms

--- 10.12.0.254 ping statistics ---
3 packets transmitted, 2 received, 33% packet loss, time 619ms
"""

CAPTURED = Path(__file__).parent / "captured"

SHORTCUT = """{"attr":{"entriesCount":1},"table":[
  {"type":"dynamic","prefix":"10.12.0.0/24","via":"10.255.0.12","identity":""}]}"""

FORWARD = """Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination
      17     1428            all  --  gre100 gre100  0.0.0.0/0            0.0.0.0/0
       3      252 NFLOG      all  --  gre100 gre100  0.0.0.0/0            0.0.0.0/0
"""


def test_registered_nhs_are_those_with_a_protocol_address() -> None:
    assert nhs_registered(NHS_UP) == {"203.0.113.2"}


def test_established_bgp_peers() -> None:
    assert bgp_established(BGP) == {"10.255.0.1"}


def test_established_ike_sas_by_connection_name() -> None:
    assert ike_established(SAS) == {"hq-hub1"}


def test_ping_counts_and_last_ttl() -> None:
    ping = parse_ping(PING)
    assert (ping.sent, ping.received, ping.ttl, ping.ok) == (3, 2, 62, True)


def test_shortcut_entries() -> None:
    assert shortcuts(SHORTCUT) == [("10.12.0.0/24", "10.255.0.12")]


def test_shortcuts_as_frr_8_4_prints_them() -> None:
    # the header line of the text table comes first, then the JSON document
    text = (CAPTURED / "show_ip_nhrp_shortcut_json.txt").read_text()
    assert text.startswith("Type     Prefix")
    assert shortcuts(text) == [("10.12.0.0/24", "10.255.0.12"), ("10.13.0.0/24", "10.255.0.13")]
    # the cache holds the shortcut's other end too, but it is not a shortcut table
    assert shortcuts((CAPTURED / "show_ip_nhrp_cache_json.txt").read_text()) == []


def test_neighbour_nbma_and_forward_counter() -> None:
    assert lladdr("10.12.0.254 dev gre100 lladdr 100.64.0.194 REACHABLE") == "100.64.0.194"
    assert lladdr("") is None
    assert forward_packets(FORWARD) == 17


def test_daemon_errors_read_as_nothing_up() -> None:
    for text in ("", "% Unknown command", "Exiting: failed to connect to any daemons."):
        assert nhs_registered(text) == set()
        assert bgp_established(text) == set()
        assert shortcuts(text) == []
    assert parse_ping("connect: Network is unreachable").ok is False


def test_documents_split_what_one_vtysh_printed_for_two_commands() -> None:
    from dmvpngen.lab.frr.observe import documents

    text = '{"table": [{"nbma": "203.0.113.2", "protocol": "10.255.0.1"}]}\n' + (
        "% bgpd is not running\n"
    )
    assert documents(text) == [{"table": [{"nbma": "203.0.113.2", "protocol": "10.255.0.1"}]}]
    two = '{"a": {"b": "}{"}}\n{\n  "ipv4Unicast": {}\n}\n'
    assert documents(two) == [{"a": {"b": "}{"}}, {"ipv4Unicast": {}}]
    assert documents("vtysh: error") == []


def test_ospf_full_neighbours_by_interface_address() -> None:
    assert ospf_full(OSPF) == {"10.255.0.1"}
    assert ospf_full("% OSPF instance not found") == set()
    assert ospf_full('{"neighbors":{}}') == set()

"""Read what the FRR lab shows: vtysh JSON, swanctl, ping, ``ip route get`` and iptables output.

Each parser takes the text one command printed and returns plain values; unreadable output
yields the empty answer (nothing registered, nothing established), never an exception, because
a daemon that is still starting prints errors instead of JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Ping",
    "bgp_established",
    "documents",
    "forward_packets",
    "ike_established",
    "lladdr",
    "nhs_registered",
    "ospf_full",
    "parse_ping",
    "shortcuts",
]


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def documents(text: str) -> list[Any]:
    """The JSON documents ``vtysh -c A -c B`` printed one after the other, skipping anything
    else (the error line of a daemon that is not up yet)."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while (at := _next_document(text, at)) >= 0:
        try:
            doc, at = decoder.raw_decode(text, at)
        except ValueError:
            at += 1
            continue
        found.append(doc)
    return found


def _next_document(text: str, start: int) -> int:
    hits = [i for i in (text.find("{", start), text.find("[", start)) if i >= 0]
    return min(hits) if hits else -1


def nhs_registered(text: str) -> set[str]:
    """NBMA addresses of the NHSs a spoke is registered with (``show ip|ipv6 nhrp nhs json``):
    an entry whose protocol address (IPv4 or IPv6) is known, not ``(unspec)``, has answered
    the registration."""
    data = _json(text)
    rows = data.get("table", []) if isinstance(data, dict) else []
    return {
        str(row.get("nbma"))
        for row in rows
        if isinstance(row, dict)
        and re.fullmatch(r"[\d.]+|[\da-fA-F:]*:[\da-fA-F.:]*", str(row.get("protocol", "")))
    }


def bgp_established(text: str, family: str = "ipv4Unicast") -> set[str]:
    """Peers in state Established (``show bgp summary json``) in one address family
    (``ipv4Unicast``, ``ipv6Unicast``)."""
    data = _json(text)
    if not isinstance(data, dict):
        return set()
    peers = (data.get(family) or {}).get("peers") or {}
    return {
        ip
        for ip, peer in peers.items()
        if isinstance(peer, dict) and peer.get("state") == "Established"
    }


def ospf_full(text: str) -> set[str]:
    """Interface addresses of the OSPF neighbours in state Full (``show ip ospf neighbor
    json``: neighbours by router id, each a list of adjacencies; FRR 8.4 names the fields
    ``nbrState`` and ``ifaceAddress``, older releases ``state`` and ``address``)."""
    data = _json(text)
    neighbors = data.get("neighbors") if isinstance(data, dict) else None
    if not isinstance(neighbors, dict):
        return set()
    found = set()
    for entries in neighbors.values():
        for entry in entries if isinstance(entries, list) else [entries]:
            if not isinstance(entry, dict):
                continue
            state = str(entry.get("nbrState", entry.get("state", "")))
            address = entry.get("ifaceAddress", entry.get("address"))
            if state.startswith("Full") and address:
                found.add(str(address))
    return found


_SA = re.compile(r"^(\S+): #\d+, ESTABLISHED", re.M)


def ike_established(text: str) -> set[str]:
    """Connection names (the peer router's name) with an established IKE SA
    (``swanctl --list-sas``)."""
    return set(_SA.findall(text))


@dataclass(frozen=True)
class Ping:
    """A ping's outcome: packets sent and received, and the TTL of the replies."""

    sent: int
    received: int
    ttl: int | None

    @property
    def ok(self) -> bool:
        """At least one reply."""
        return self.received > 0


def parse_ping(text: str) -> Ping:
    """Read iputils ``ping`` output."""
    stats = re.search(r"(\d+) packets transmitted, (\d+) received", text)
    ttls = re.findall(r"ttl=(\d+)", text)
    if stats is None:
        return Ping(0, 0, None)
    return Ping(int(stats.group(1)), int(stats.group(2)), int(ttls[-1]) if ttls else None)


def lladdr(text: str) -> str | None:
    """The link-layer address of an ``ip neigh`` entry: on an mGRE tunnel, the NBMA address."""
    found = re.search(r"\blladdr (\S+)", text)
    return found.group(1) if found else None


def forward_packets(text: str) -> int:
    """Packets counted by the first FORWARD rule (``iptables -nvxL FORWARD``): the hub's
    tunnel-to-tunnel forwarding counter the lab installs."""
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0].isdigit():
            return int(fields[0])
    return 0


def shortcuts(text: str) -> list[tuple[str, str]]:
    """(prefix, via) of every NHRP shortcut (``show ip nhrp shortcut json``). FRR 8.4 prints
    the text table's header line before the JSON document, so the document is searched for
    (tests/lab/frr/captured)."""
    data = next((d for d in documents(text) if isinstance(d, dict) and "table" in d), None)
    rows = data.get("table", []) if isinstance(data, dict) else []
    return [
        (str(row.get("prefix")), str(row.get("via")))
        for row in rows
        if isinstance(row, dict) and row.get("prefix") and row.get("via")
    ]

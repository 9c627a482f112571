"""The NET finding catalogue: stable codes, default severity and a one-line title each.

Codes never change meaning; new checks take new numbers. docs/check.md lists the same table.
"""

from __future__ import annotations

__all__ = ["CATALOGUE", "SEVERITIES", "severity_rank"]

SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")

CATALOGUE: dict[str, tuple[str, str]] = {
    # cloud-wide consistency (§7 row 1)
    "NET001": ("high", "tunnel key differs between routers of a cloud"),
    "NET002": ("high", "NHRP authentication string differs between routers of a cloud"),
    "NET003": ("medium", "NHRP authentication string longer than 8 characters"),
    "NET004": ("low", "NHRP network-id differs between routers of a cloud"),
    # addressing and NHS (§7 row 2)
    "NET005": ("high", "tunnel mask differs from the cloud subnet"),
    "NET006": ("critical", "duplicate tunnel IP address in a cloud"),
    "NET007": ("high", "NHS address is a router of the set that is not a hub"),
    "NET008": ("medium", "NHS (or peer) is not in the checked set of configs"),
    "NET009": ("high", "NHS NBMA address is not the hub's NBMA address"),
    "NET010": ("high", "NHS has no NBMA address (no nbma keyword and no ip nhrp map)"),
    "NET011": ("info", "NHS NBMA given as a DNS name: cannot be verified offline"),
    "NET012": ("high", "spoke tunnel has no NHS"),
    # phase (§7 row 3)
    "NET013": ("high", "phase 3: hub tunnel lacks ip nhrp redirect"),
    "NET014": ("high", "phase 3: spoke tunnel lacks ip nhrp shortcut"),
    "NET015": ("high", "phase 2: hub does not preserve the spoke next hop"),
    "NET016": ("high", "phase 2: hub does not re-advertise spoke routes (split horizon)"),
    "NET017": ("medium", "phase 1 and multipoint spokes mixed in one cloud"),
    # IKE / IPsec (§7 row 4)
    "NET020": ("high", "IKE: no common proposal / policy"),
    "NET021": ("high", "IKE: pre-shared keys do not match (or none for the peer address)"),
    "NET022": ("high", "IPsec: no common transform set"),
    "NET023": ("medium", "IPsec: transport mode on one side, tunnel mode on the other"),
    "NET024": ("medium", "IPsec: PFS settings differ"),
    "NET025": ("high", "IPsec protection on one router only"),
    "NET026": ("high", "IKE version differs (IKEv1 vs IKEv2)"),
    "NET027": ("high", "tunnel protection references an undefined crypto object"),
    "NET028": ("low", "cloud runs without IPsec protection"),
    "NET029": ("medium", "IKE authentication method differs"),
    # routing (§7 row 5)
    "NET030": ("high", "routing protocol or AS differs between hub and spoke"),
    "NET031": ("high", "OSPF area differs between hub and spoke"),
    "NET032": ("high", "OSPF network type or hello interval differs"),
    "NET033": ("high", "OSPF broadcast: priority rule broken (spokes 0, a hub > 0)"),
    "NET034": ("high", "routing authentication differs"),
    "NET035": ("high", "BGP: hub does not accept the spoke (listen range / neighbor)"),
    "NET036": ("high", "BGP: remote-as does not match the peer's AS"),
    "NET037": ("medium", "OSPF point-to-point network type on a multipoint tunnel"),
    "NET038": ("medium", "routing protocol not enabled on the tunnel"),
    "NET039": ("high", "BGP: bgp listen limit below the number of spokes"),
    # shared source (§7 row 6)
    "NET040": ("high", "tunnels sharing a source use the same tunnel key"),
    "NET041": ("high", "tunnels sharing a source lack 'shared' or use different profiles"),
    "NET042": ("medium", "tunnels sharing a source name it by address"),
    # NAT and dynamic WAN (§7 row 7)
    "NET045": ("high", "NAT on the WAN with IPsec tunnel mode (NAT-T needs transport mode)"),
    "NET046": ("medium", "dynamic WAN address without ip nhrp registration no-unique"),
    "NET047": (
        "low",
        "hub NBMA is a private address: the spoke's post-NAT NBMA cannot be verified",
    ),
    "NET048": ("high", "hub NBMA address is dynamic (DHCP)"),
    # tunnel source (§7 row 8)
    "NET050": ("critical", "tunnel source interface is missing"),
    "NET051": ("critical", "tunnel source interface is shut down"),
    "NET052": ("critical", "tunnel source interface has no address"),
    "NET053": ("info", "DMVPN tunnel interface is administratively shut down"),
    "NET054": (
        "high",
        "hub tunnel lacks ip nhrp map multicast dynamic (no routing hellos to spokes)",
    ),
    "NET055": ("high", "spoke NHS without multicast mapping (routing hellos do not reach the hub)"),
    "NET056": ("low", "spoke uses both NHS forms on one tunnel"),
    "NET057": ("medium", "GRE keepalive on a multipoint tunnel"),
    "NET058": ("info", "IKEv2 proposal defined but no IKEv2 policy uses it"),
    # routes and flows (the routing model)
    "NET060": ("high", "service address dropped by a discard route (summary / aggregate / Null0)"),
    "NET061": ("high", "service address unreachable: no route, a loop, or it leaves the overlay"),
    "NET062": ("high", "service reached but its reply cannot return to the router"),
    "NET063": ("high", "site LAN to site LAN traffic dropped by a discard route"),
    "NET064": ("high", "site LAN unreachable: no route, a loop, or it leaves the overlay"),
    "NET065": ("high", "clouds share an NHRP network-id but tunnel keys differ: shortcut dies"),
    "NET066": ("high", "clouds share an NHRP network-id but IPsec protection differs"),
    "NET067": ("high", "strict CRL check with the CA/CRL reachable only through the tunnel"),
    "NET068": ("medium", "failover: a hub or ISP down leaves flows unreachable"),
    "NET069": ("medium", "failover: overlay traffic falls back to a non-tunnel route (fails open)"),
    # multicast (PIM sparse mode over the clouds)
    "NET070": ("high", "hub tunnel runs PIM without ip pim nbma-mode"),
    "NET071": ("high", "PIM on a tunnel without ip multicast-routing"),
    "NET072": ("high", "routers disagree on the RP (static address, or Auto-RP listener missing)"),
    "NET073": ("high", "PIM on one end of a hub-spoke tunnel only"),
    "NET074": ("medium", "phase 2/3 spoke with PIM may leave the shared tree (no spt infinity)"),
    # IPv6 over the clouds (dual stack)
    "NET080": ("high", "IPv6 on a DMVPN tunnel without ipv6 unicast-routing"),
    "NET081": ("high", "IPv6 on a DMVPN tunnel without ipv6 nhrp network-id"),
    "NET082": (
        "critical",
        "spoke's IPv6 NHS missing, not a hub's IPv6 address, or at another NBMA",
    ),
    "NET083": ("high", "IPv6 tunnel address outside the cloud's prefix or used twice"),
    "NET084": ("high", "link-local address used twice in a cloud"),
    "NET085": ("high", "hub tunnel lacks ipv6 nhrp map multicast dynamic"),
    "NET086": ("high", "spoke IPv6 NHS without multicast mapping"),
    "NET087": ("high", "NHRP for IPv6 authentication differs between spoke and hub"),
    "NET088": ("medium", "phase 3: IPv4 redirect/shortcut without its IPv6 counterpart"),
    # IPv6 transport (GRE over IPv6)
    "NET089": ("critical", "WAN IPv6 access list drops a peer's IKE or ESP over IPv6"),
    "NET090": ("critical", "NHS NBMA address of the other family than the tunnel's transport"),
    # route policy the routing model reads
    "NET095": ("medium", "redistribution into EIGRP without a metric advertises nothing"),
    "NET096": ("medium", "route map named but not defined"),
    "NET097": ("low", "OSPF virtual link not modelled: flow findings across it may be false"),
}


def severity_rank(severity: str) -> int:
    """0 for info ... 4 for critical."""
    return SEVERITIES.index(severity)

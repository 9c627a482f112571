"""Control-plane policing (CoPP) baseline: classes, and policer rates sized from the peer count.

What reaches the route processor is split into five classes, six on IOS 15 (Cisco CoPP practice:
critical, important, normal, default):

- ``COPP-ROUTING`` (EIGRP, OSPF, BGP, BFD, and PIM with multicast: hellos, joins, BSR and
  register messages): counted but never dropped (the policer transmits
  above its rate too, as in Cisco's CoPP templates for critical traffic), so a flood of anything
  else cannot starve adjacencies.
- ``COPP-IPSEC`` (IKE, NAT-T, ESP punted to the RP): policed at a rate that lets every peer the
  router may build an SA with re-key at once. A rekey or a hub reload makes every spoke run
  IKE_SA_INIT + IKE_AUTH together: about six inbound packets of up to 1,500 bytes each
  (certificate chains fragment), which the hub must absorb within ten seconds, hence
  ``peers x 6 x 1,500 x 8 / 10 = peers x 7,200 bit/s``, never below 256 kbit/s.
- ``COPP-MGMT`` (SSH, SNMP, NTP, SCEP/CRL replies over HTTP): 512 kbit/s; its IPv6 twin
  ``COPP-MGMT-V6`` takes SSH, and in an IPv6-only overlay SNMP and NTP too (its managers and
  NTP servers are IPv6 addresses).
- ``COPP-ICMP``: 128 kbit/s, enough for path MTU discovery and troubleshooting.
- ``class-default`` (NHRP resolutions and redirects, everything else): ``peers x 4,000 bit/s``
  (a few NHRP packets per spoke per second), never below 1 Mbit/s.

Where tunnel data meets the policy depends on the platform:

- IOS-XE (ISR 1000/4000, ASR 1000, CSR/Catalyst 8000): ESP, NAT-T and GRE are decrypted and
  decapsulated in the forwarding plane (QFP); only IKE and exceptions are punted, so the IPsec
  class above polices key exchange without touching tunnel data.
- IOS 15 (ISR G2 and other software-forwarding routers): tunnel termination traffic is
  control-plane *host* traffic (Cisco, "Control Plane Protection": "Examples of control-plane
  host IP traffic include tunnel termination traffic"), and the aggregate ``control-plane``
  policy sees all of it. Every ESP, NAT-T and GRE packet a spoke sends to such a router would
  be policed, i.e. the tunnel's data plane capped at a few hundred kbit/s. There, ESP, NAT-T
  (UDP 4500, which carries both IKE and ESP-in-UDP) and GRE go to ``COPP-TUNNEL``, counted but
  never dropped, and only IKE on UDP 500 stays in the policed IPsec class.
"""

from __future__ import annotations

from typing import Any

from dmvpngen.model import Hub, Inventory, Platform, Router, Spoke

__all__ = ["POLICY", "copp_context", "ipsec_peers"]

POLICY = "COPP"
_IKE_PACKETS = 6
_PACKET_BITS = 1500 * 8
_ABSORB_SECONDS = 10
_IPSEC_FLOOR = 256_000
_DEFAULT_PER_PEER = 4_000
_DEFAULT_FLOOR = 1_000_000
_MGMT = 512_000
_ICMP = 128_000


def ipsec_peers(inv: Inventory, router: Router, spoke_counts: dict[str, int]) -> int:
    """How many routers may build an IKE SA with ``router`` at the same time."""
    peers: set[str] = set()
    count = 0
    for cloud in inv.router_clouds(router):
        peers.update(h.name for h in inv.cloud_hubs(cloud))
        peers.update(h.name for h in inv.cloud_uplink_hubs(cloud))
        shortcuts = cloud.phase != 1 and not (isinstance(router, Spoke) and router.hub_only)
        if inv.serves(router, cloud) or shortcuts:
            # every spoke registers with its hubs; in phase 2/3 any spoke may reach any other
            count += spoke_counts[cloud.name]
    peers.discard(router.name)
    if isinstance(router, Spoke) and count:
        count -= 1  # itself
    return len(peers) + count


def _rate(bits: int, floor: int) -> int:
    # whole multiples of 8 kbit/s, the granularity every IOS policer accepts
    step = 8_000
    return max(floor, -(-bits // step) * step)


def copp_context(inv: Inventory, router: Router, spoke_counts: dict[str, int]) -> dict[str, Any]:
    """Classes, ACL entries and policer rates of ``router``'s CoPP policy."""
    peers = ipsec_peers(inv, router, spoke_counts)
    ipsec = _rate(peers * _IKE_PACKETS * _PACKET_BITS // _ABSORB_SECONDS, _IPSEC_FLOOR)
    return {
        "policy": POLICY,
        "peers": peers,
        "hub": isinstance(router, Hub),
        # PIM adjacencies are as critical as the routing protocol's once multicast runs
        "pim": inv.multicast is not None,
        # an IPv6-only overlay reaches its NTP servers and SNMP managers over IPv6: their
        # packets never match the IPv4 list COPP-MGMT and would fall into class-default
        "mgmt_v6": inv.ipv6_only,
        # IOS 15 polices tunnel termination traffic as control-plane host traffic (module doc)
        "tunnel_class": inv.platform_of(router) is Platform.IOS,
        "routing_bps": _rate(peers * _DEFAULT_PER_PEER, _DEFAULT_FLOOR),
        "ipsec_bps": ipsec,
        "mgmt_bps": _MGMT,
        "icmp_bps": _ICMP,
        "default_bps": _rate(peers * _DEFAULT_PER_PEER, _DEFAULT_FLOOR),
    }

"""Hierarchical DMVPN: spokes of two regional clouds whose hubs register with one central cloud.

In phase 3 with one NHRP network-id on every tunnel of the chain, the hubs forward the
resolution request up and down the hierarchy and the spokes build a shortcut across regions;
with different network-ids a hub does not forward the redirect between its tunnels, and
traffic stays on the hub chain. Either way the first packets follow the routes through the
hubs (that is what triggers the redirect, and the resolution request travels the same way): a
pair whose routed path does not arrive builds no shortcut and is broken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dmvpngen.check.defaults import Defaults, has_redirect, has_shortcut
from dmvpngen.check.model import CloudReport, Member, PairClass

if TYPE_CHECKING:
    from dmvpngen.routes.fixpoint import Network
    from dmvpngen.routes.topology import Port

__all__ = ["inter_cloud"]


def _uplink(region: CloudReport, clouds: list[CloudReport]) -> tuple[CloudReport, Member] | None:
    """The central cloud a region's hub registers with, and the hub's member there."""
    for hub in region.hubs:
        for c in clouds:
            if c is region:
                continue
            for m in c.spokes:
                if m.device is hub.device:
                    return c, m
    return None


def inter_cloud(
    clouds: list[CloudReport], defaults: dict[str, Defaults], net: Network | None = None
) -> list[PairClass]:
    """Spoke pairs across regional clouds of one hierarchy, one class per pair of regions
    (``net``: the routing model, whose routed path between the regions' LANs must arrive)."""
    ups = {id(r): u for r in clouds if (u := _uplink(r, clouds)) is not None}
    regions = [r for r in clouds if id(r) in ups and r.spokes]
    out: list[PairClass] = []
    for i, ra in enumerate(regions):
        for rb in regions[i + 1 :]:
            ca, _ = ups[id(ra)]
            cb, _ = ups[id(rb)]
            if ca is not cb:
                continue
            pairs = len(ra.spokes) * len(rb.spokes)
            verdict = _verdict(ra, rb, ca, defaults)
            if net is not None and verdict[0] != "broken":
                lost = _unrouted(net, ra, rb)
                if lost is not None:
                    verdict = ("broken", f"{ra.name} - {ca.name} - {rb.name}: {lost}")
            out.append(
                PairClass([m.name for m in ra.spokes], [m.name for m in rb.spokes], *verdict, pairs)
            )
    return out


def _unrouted(net: Network, ra: CloudReport, rb: CloudReport) -> str | None:
    """Why the routed path between a LAN of a spoke of ``ra`` and one of ``rb`` (either way)
    does not arrive, or None when it does (or no spoke there has an IPv4 LAN to trace)."""
    from dmvpngen.routes.flows import lan_ports
    from dmvpngen.routes.trace import trace

    ports: dict[str, Port] = {}
    for p in lan_ports(net):
        ports.setdefault(p.router, p)
    a = next((ports[m.name] for m in ra.spokes if m.name in ports), None)
    b = next((ports[m.name] for m in rb.spokes if m.name in ports), None)
    if a is None or b is None:
        return None
    for src, dst in ((a, b), (b, a)):
        t = trace(net, src.router, src.vrf, dst.address.ip)
        if not t.ok:
            return (
                f"{src.router} to {dst.address.ip} ({dst.router} {dst.name}) ends in "
                f"{t.outcome} at {t.at}: no routed path through the hubs, so no redirect and "
                "no shortcut"
            )
    return None


def _verdict(
    ra: CloudReport, rb: CloudReport, central: CloudReport, defaults: dict[str, Defaults]
) -> tuple[str, str]:
    chain = [ra, central, rb]
    label = f"{ra.name} - {central.name} - {rb.name}"
    if any(c.phase != 3 for c in chain):
        return "via-hub", f"{label}: not every cloud is phase 3, traffic follows the hub chain"
    ids = {m.tunnel.network_id for c in chain for m in c.members}
    if len(ids) > 1:
        return (
            "via-hub",
            f"{label}: NHRP network-ids {sorted(i or 0 for i in ids)} differ along the hub chain: "
            "hubs do not pass resolution between their tunnels, no cross-region shortcut",
        )
    keys = {m.tunnel.key for c in (ra, rb) for m in c.spokes}
    if len(keys) > 1:
        # NHRP resolves the far spoke across the chain, the spokes build a direct tunnel
        # between tunnels keyed differently, and GRE drops every packet (RFC 2890): not a
        # fallback to the hubs, a blackhole (NET065 names the lines)
        return (
            "broken",
            f"{label}: one NHRP network-id but tunnel keys {sorted(k or 0 for k in keys)}: the "
            "cross-region shortcut drops every packet",
        )
    hubs = [m for c in chain for m in c.hubs]
    missing = [m.name for m in hubs if not has_redirect(m.tunnel, defaults[m.name])]
    if missing:
        return "via-hub", f"{label}: no ip nhrp redirect on {', '.join(sorted(set(missing)))}"
    no_sc = [
        m.name for c in (ra, rb) for m in c.spokes if not has_shortcut(m.tunnel, defaults[m.name])
    ]
    if no_sc:
        return "via-hub", f"{label}: no ip nhrp shortcut on {', '.join(sorted(no_sc))}"
    return (
        "direct",
        f"{label}: phase 3 with one NHRP network-id {ids.pop()}: shortcut across regions",
    )

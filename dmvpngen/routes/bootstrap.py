"""Flows whose path depends on the tunnel they are meant to bring up, and shortcuts across
clouds that NHRP would build but GRE or IPsec cannot carry."""

from __future__ import annotations

from dmvpngen.routes.fixpoint import Network
from dmvpngen.routes.flows import FlowFault
from dmvpngen.routes.trace import Trace, trace

__all__ = ["cross_cloud_faults", "pki_faults"]


def pki_faults(net: Network) -> list[FlowFault]:
    """A strict CRL check (``revocation-check crl``) or enrollment whose CA is reached only
    through a tunnel protected by the certificate itself: the first IKE exchange needs the CRL,
    the CRL needs the tunnel (Cisco "PKI Certificate Revocation": with 'crl' alone the peer's
    certificate is rejected when the CRL cannot be fetched)."""
    out: list[FlowFault] = []
    for name, router in sorted(net.topo.routers.items()):
        for svc in router.facts.services:
            if svc.strict is None:
                continue
            t = trace(net, name, svc.vrf, svc.address)
            if not t.hops or not t.hops[0].tunnel:
                continue
            port = t.hops[0].port
            out.append(
                FlowFault(
                    "NET067",
                    name,
                    svc.strict,
                    f"revocation-check crl: the CA/CRL {svc.address} is reached only through "
                    f"{port}, which needs a validated certificate to come up",
                    "use 'revocation-check crl none' (fall back when the CRL cannot be fetched) "
                    "or reach the CA through the underlay",
                    name,
                    svc.strict,
                )
            )
    return out


def cross_cloud_faults(net: Network, traces: dict[tuple[str, str], Trace]) -> list[FlowFault]:
    """Site-to-site paths that cross two clouds sharing an NHRP network-id: NHRP resolves the
    far spoke across them (phase 3), so the spokes build a direct tunnel, which only carries
    traffic when both tunnels use the same GRE key (a GRE packet is accepted only by a tunnel
    with the same key, RFC 2890) and compatible protection."""
    seen: set[tuple[str, str]] = set()
    out: list[FlowFault] = []
    for t in traces.values():
        tunnel_hops = [h for h in t.hops if h.tunnel]
        if len(tunnel_hops) < 2 or not t.hops[0].tunnel or t.outcome != "delivered":
            continue
        src = net.topo.routers[t.source].ports[t.hops[0].port]
        last = tunnel_hops[-1]
        if last.next_router is None or last.next_router != t.at:
            continue
        out_port = net.topo.routers[last.router].ports[last.port]
        dst = next(
            (
                p
                for p in net.topo.routers[t.at].ports.values()
                if p.tunnel is not None and p.network == out_port.network
            ),
            None,
        )
        if dst is None or src.tunnel is None or dst.tunnel is None:
            continue
        if src.network == dst.network:
            continue
        nid = src.tunnel.network_id
        redirects = any(
            (tp := net.topo.routers[h.router].ports[h.port]).tunnel is not None
            and tp.tunnel.redirect is not None
            for h in tunnel_hops[1:]
        )
        if src.tunnel.shortcut is None or not redirects:
            continue  # phase 3 needs the spoke's shortcut and a hub's redirect on the path
        if nid is None or nid != dst.tunnel.network_id:
            continue
        key = (str(src.network), str(dst.network))
        if key in seen:
            continue
        seen.add(key)
        a, b = src.tunnel, dst.tunnel
        if a.key != b.key:
            out.append(
                FlowFault(
                    "NET065",
                    t.source,
                    a.key_line or a.line,
                    f"{t.source} {a.name} (key {a.key}) and {t.at} {b.name} (key {b.key}) share "
                    f"NHRP network-id {nid}: the shortcut NHRP builds between them drops every "
                    "packet (GRE accepts only its own key)",
                    "give the clouds one tunnel key (tunnels sharing a source then need "
                    "separate sources), or different network-ids so traffic stays via the hubs",
                    t.at,
                    b.key_line or b.line,
                )
            )
        if (a.protection is None) != (b.protection is None):
            out.append(
                FlowFault(
                    "NET066",
                    t.source,
                    a.protection_line or a.line,
                    f"{t.source} {a.name} and {t.at} {b.name} share NHRP network-id {nid} but only "
                    "one is IPsec-protected: the shortcut between them cannot form",
                    "protect both clouds with compatible IPsec profiles",
                    t.at,
                    b.protection_line or b.line,
                )
            )
    return out

"""Cloud-wide consistency (dmvpn-reference §7) that does not depend on a negotiation."""

from __future__ import annotations

from dmvpngen.check.defaults import Defaults, has_multicast_dynamic, has_redirect, has_shortcut
from dmvpngen.check.discovery import source_state
from dmvpngen.check.ike import DEFAULT_V2, CryptoContext
from dmvpngen.check.model import CloudReport, Finding, Member
from dmvpngen.check.policy import isolated

__all__ = ["cloud_invariants"]


def _ref(cloud: CloudReport) -> Member:
    return (cloud.hubs or cloud.members)[0]


def cloud_invariants(
    cloud: CloudReport, defaults: dict[str, Defaults], ctx: dict[int, CryptoContext]
) -> list[Finding]:
    """Findings that compare each member with the cloud's reference hub, plus per-member state."""
    out: list[Finding] = []
    ref = _ref(cloud)
    rt = ref.tunnel
    seen_ip: dict[str, Member] = {}
    for m in cloud.members:
        t = m.tunnel
        dev = m.device
        if m is not ref:
            if t.key != rt.key:
                out.append(
                    Finding.make(
                        "NET001",
                        dev,
                        t.key_line or t.line,
                        f"{t.name} tunnel key {t.key if t.key is not None else 'none'} but "
                        f"{ref.name} "
                        f"{rt.name} uses {rt.key if rt.key is not None else 'none'}: GRE "
                        "packets are dropped",
                        ref.device,
                        rt.key_line or rt.line,
                    )
                )
            if t.auth != rt.auth:
                out.append(
                    Finding.make(
                        "NET002",
                        dev,
                        t.auth_line or t.line,
                        f"{t.name} NHRP authentication {'set' if t.auth else 'absent'} and "
                        "differs from "
                        f"{ref.name} {rt.name}: NHRP packets are dropped",
                        ref.device,
                        rt.auth_line or rt.line,
                    )
                )
            if t.network_id != rt.network_id:
                out.append(
                    Finding.make(
                        "NET004",
                        dev,
                        t.network_id_line or t.line,
                        f"{t.name} network-id {t.network_id} vs {rt.network_id} on {ref.name} "
                        "(locally significant, but keep one per cloud)",
                        ref.device,
                        rt.network_id_line,
                    )
                )
        if t.auth and len(t.auth) > 8:
            out.append(
                Finding.make(
                    "NET003",
                    dev,
                    t.auth_line,
                    f"{t.name} NHRP authentication longer than 8 characters is truncated",
                )
            )
        assert t.address is not None
        if t.address.network != cloud.subnet:
            out.append(
                Finding.make(
                    "NET005",
                    dev,
                    t.address_line,
                    f"{t.name} mask /{t.address.network.prefixlen} but the cloud is {cloud.subnet}",
                    ref.device,
                    rt.address_line,
                )
            )
        other = seen_ip.get(str(m.ip))
        if other is not None:
            out.append(
                Finding.make(
                    "NET006",
                    dev,
                    t.address_line,
                    f"{t.name} address {m.ip} is also used by {other.name}",
                    other.device,
                    other.tunnel.address_line,
                )
            )
        seen_ip[str(m.ip)] = m
        out.extend(_member_state(m, cloud, defaults[m.name], ctx[id(m)]))
    out.extend(_phase(cloud, defaults))
    if cloud.members and not any(ctx[id(m)].protected for m in cloud.members):
        out.append(
            Finding.make(
                "NET028",
                ref.device,
                rt.line,
                f"cloud {cloud.name} ({cloud.subnet}) has no tunnel protection: traffic crosses "
                "the WAN unencrypted",
            )
        )
    return out


def _member_state(m: Member, cloud: CloudReport, d: Defaults, ctx: CryptoContext) -> list[Finding]:
    out: list[Finding] = []
    t, dev = m.tunnel, m.device
    if t.shutdown is not None:
        out.append(
            Finding.make(
                "NET053", dev, t.shutdown, f"{t.name} ({cloud.name}) is administratively shut down"
            )
        )
    code, why = source_state(dev, t)
    if code is not None and t.shutdown is None:
        out.append(
            Finding.make(
                code,
                dev,
                t.source_line or t.line,
                f"{t.name}: tunnel {why}; nothing forms on this tunnel",
            )
        )
    for err in ctx.errors:
        out.append(Finding.make("NET027", dev, t.protection_line, f"{t.name}: {err}"))
    if (
        ctx.protected
        and ctx.version == 2
        and ctx.suites == DEFAULT_V2
        and dev.crypto.ikev2_proposals
    ):
        first = min(p.line for p in dev.crypto.ikev2_proposals.values())
        out.append(
            Finding.make(
                "NET058",
                dev,
                first,
                f"IKEv2 proposal(s) {', '.join(sorted(dev.crypto.ikev2_proposals))} are used by no "
                "'crypto ikev2 policy': the default policy and proposal negotiate instead",
            )
        )
    if m.role == "hub":
        if m.nbma_dynamic:
            out.append(
                Finding.make(
                    "NET048",
                    dev,
                    t.source_line,
                    f"hub {t.name} is sourced from a DHCP address: spokes cannot point at a "
                    "stable NBMA",
                )
            )
        if t.map_multicast_dynamic is None and (not has_multicast_dynamic(t, d) or not d.known):
            out.append(
                Finding.make(
                    "NET054",
                    dev,
                    t.line,
                    f"hub {t.name} lacks 'ip nhrp map multicast dynamic' ({d.label}): "
                    + (
                        "if the release does not enable it by default, EIGRP/OSPF hellos "
                        "never reach spokes"
                        if not d.known
                        else "EIGRP/OSPF hellos never reach spokes and adjacencies do not form"
                    )
                    + (
                        "; PIM hellos and multicast streams do not reach them either"
                        if t.pim is not None and t.pim.sparse
                        else ""
                    ),
                    severity=None if d.known else "low",
                )
            )
    else:
        if not t.nhs and t.mode == "gre-multipoint":
            out.append(
                Finding.make(
                    "NET012",
                    dev,
                    t.line,
                    f"spoke {t.name} has no 'ip nhrp nhs': it never registers",
                )
            )
        forms = {n.form for n in t.nhs}
        if len(forms) > 1:
            out.append(
                Finding.make(
                    "NET056",
                    dev,
                    t.nhs[0].line,
                    f"{t.name} mixes the one-line and legacy NHS forms",
                )
            )
        for n in t.nhs:
            if n.nbma and not n.multicast and not t.map_multicast:
                out.append(
                    Finding.make(
                        "NET055",
                        dev,
                        n.line,
                        f"NHS {n.address} on {t.name} has no multicast mapping",
                    )
                )
        if m.nbma_dynamic and t.no_unique is None:
            out.append(
                Finding.make(
                    "NET046",
                    dev,
                    t.line,
                    f"{t.name} is sourced from a dynamic (DHCP/PPP) address but lacks 'ip nhrp "
                    "registration no-unique': re-registration after an address change is refused",
                )
            )
    if ctx.protected and "tunnel" in ctx.modes and "transport" not in ctx.modes:
        src = dev.interface(t.source)
        if src is not None and (src.nat == "outside" or m.nat is not None):
            out.append(
                Finding.make(
                    "NET045",
                    dev,
                    t.protection_line,
                    f"{t.name} source {src.name} is behind NAT but IPsec runs tunnel mode: use "
                    "'mode transport'",
                )
            )
    return out


def _phase(cloud: CloudReport, defaults: dict[str, Defaults]) -> list[Finding]:
    out: list[Finding] = []
    if cloud.phase == 1:
        ref = _ref(cloud)
        for s in cloud.spokes:
            if s.tunnel.mode == "gre-multipoint":
                out.append(
                    Finding.make(
                        "NET017",
                        s.device,
                        s.tunnel.mode_line,
                        f"{s.tunnel.name} is multipoint in a phase 1 cloud",
                        ref.device,
                        ref.tunnel.mode_line,
                    )
                )
        return out
    if cloud.phase == 3:
        for h in cloud.hubs:
            dh = defaults[h.name]
            unsure = not dh.known and h.tunnel.no_redirect is None
            if h.tunnel.redirect is None and (not has_redirect(h.tunnel, dh) or unsure):
                out.append(
                    Finding.make(
                        "NET013",
                        h.device,
                        h.tunnel.line,
                        f"hub {h.tunnel.name} lacks 'ip nhrp redirect' in a phase 3 cloud "
                        f"({dh.label}): "
                        "spokes are never told to build shortcuts",
                        severity="low" if unsure else None,
                    )
                )
        hub = _ref(cloud)
        for s in cloud.spokes:
            ds = defaults[s.name]
            if isolated(cloud, s):
                continue  # a hub-only spoke is kept off shortcuts on purpose
            unsure = not ds.known and s.tunnel.no_shortcut is None
            if s.tunnel.shortcut is None and (not has_shortcut(s.tunnel, ds) or unsure):
                out.append(
                    Finding.make(
                        "NET014",
                        s.device,
                        s.tunnel.no_shortcut or s.tunnel.line,
                        f"spoke {s.tunnel.name} lacks 'ip nhrp shortcut' ("
                        + (
                            f"disabled by 'no ip nhrp shortcut' at line {s.tunnel.no_shortcut}"
                            if s.tunnel.no_shortcut is not None
                            else ds.label
                        )
                        + "): "
                        "traffic to other spokes stays on the hub"
                        + (
                            "; pass --ios-version if the release enables it by default"
                            if unsure
                            else ""
                        ),
                        hub.device,
                        hub.tunnel.redirect,
                        severity="low" if unsure else None,
                    )
                )
    return out

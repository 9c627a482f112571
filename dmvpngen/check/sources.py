"""Per-router checks across its tunnels: shared tunnel sources, GRE keepalives (§7 row 6)."""

from __future__ import annotations

from collections import defaultdict

from dmvpngen.check.ike import CryptoContext
from dmvpngen.check.model import Finding
from dmvpngen.parse.facts import Device, Tunnel
from dmvpngen.parse.tree import ip_or_none

__all__ = ["device_invariants"]


def device_invariants(device: Device, ctx_of: dict[str, CryptoContext]) -> list[Finding]:
    """Per-router checks across its tunnels: shared sources, keepalives."""
    out: list[Finding] = []
    by_source: dict[str, list[Tunnel]] = defaultdict(list)
    for tun in device.tunnels.values():
        if tun.nhrp and tun.source and tun.mode == "gre-multipoint":
            if ip_or_none(tun.source) is None:
                intf = device.interface(tun.source)
            else:
                # a source given by address shares the interface that owns the address
                intf = next(
                    (
                        i
                        for i in device.interfaces.values()
                        if i.address is not None and str(i.address.ip) == tun.source
                    ),
                    None,
                )
            key = intf.name if intf else tun.source
            by_source[key].append(tun)
    for source, tuns in sorted(by_source.items()):
        if len(tuns) < 2:
            continue
        first = tuns[0]
        for t in tuns[1:]:
            if t.key == first.key:
                out.append(
                    Finding.make(
                        "NET040",
                        device,
                        t.key_line or t.line,
                        f"{t.name} and {first.name} share source {source} and tunnel key "
                        f"{t.key}: packets go to the wrong tunnel",
                    )
                )
        protected = [t for t in tuns if t.protection]
        if protected and (
            len({t.protection for t in protected}) > 1 or not all(t.protection_shared for t in tuns)
        ):
            bad = next((t for t in tuns if not t.protection_shared), tuns[-1])
            out.append(
                Finding.make(
                    "NET041",
                    device,
                    bad.protection_line or bad.line,
                    f"tunnels {', '.join(t.name for t in tuns)} share source {source}: each "
                    "needs the same 'tunnel protection ipsec profile P shared'",
                )
            )
        for t in tuns:
            if ip_or_none(t.source or "") is not None:
                out.append(
                    Finding.make(
                        "NET042",
                        device,
                        t.source_line,
                        f"{t.name} shares its source but names it by address {t.source}: use "
                        "the interface name",
                    )
                )
    for tun in device.tunnels.values():
        if tun.keepalive is not None and tun.mode == "gre-multipoint":
            out.append(
                Finding.make(
                    "NET057",
                    device,
                    tun.keepalive,
                    f"{tun.name}: GRE keepalives are not supported on multipoint GRE tunnels",
                )
            )
    return out

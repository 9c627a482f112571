"""Multicast over DMVPN rules (MCS001-MCS003).

Cisco's DMVPN guidance is PIM sparse mode with ``ip pim nbma-mode`` on the hub tunnel; the DISA
router STIG (CISC-RT-000850) asks the RP to rate-limit PIM register messages.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._helpers import interface_addresses, interface_name
from dmvpngen.lint.view import ConfigView, Line

_SPARSE = r"^ip pim sparse-mode"


def _hub_tunnel(tun: Line) -> bool:
    """A tunnel this router serves as NHS: dynamic multicast mapping, or multipoint without an
    NHS (IOS-XE 17 does not print the mapping it enables by default)."""
    if tun.has_child(r"^ip nhrp map multicast dynamic"):
        return True
    return tun.has_child(r"^tunnel mode gre multipoint") and not tun.has_child(r"^ip nhrp nhs\s")


@rule("MCS001", "pim-hub-without-nbma-mode", Severity.MEDIUM, Role.DMVPN)
def hub_without_nbma(cfg: ConfigView) -> Iterator[Hit]:
    """Hub DMVPN tunnel runs PIM sparse mode without ``ip pim nbma-mode``."""
    for tun in cfg.dmvpn_tunnels:
        pim = tun.child(_SPARSE)
        if pim is not None and _hub_tunnel(tun) and not tun.has_child(r"^ip pim nbma-mode"):
            yield Hit(
                pim.number,
                f"{interface_name(tun)} (hub) runs PIM without nbma-mode: one spoke's prune "
                "stops the stream for every spoke",
                fix=(tun.text, " ip pim nbma-mode"),
            )


@rule("MCS002", "pim-dense-mode-on-tunnel", Severity.MEDIUM, Role.DMVPN)
def dense_on_tunnel(cfg: ConfigView) -> Iterator[Hit]:
    """DMVPN tunnel runs PIM dense (or sparse-dense) mode."""
    for tun in cfg.dmvpn_tunnels:
        line = tun.child(r"^ip pim (dense-mode|sparse-dense-mode)")
        if line is not None:
            yield Hit(
                line.number,
                f"{interface_name(tun)} runs {line.words[2]}: streams are flooded to every "
                "spoke over its Internet line until pruned",
            )


# 'ip pim' or 'ip pim vrf V': the RP lines of the global table or of a VRF's
_PIM = r"^ip pim (?:vrf \S+ )?"


def _rp_role(cfg: ConfigView) -> tuple[Line, str | None] | None:
    """The line that makes this router an RP, with the VRF it is one in (None: the global
    table): a static RP address on one of its interfaces, or a BSR / Auto-RP candidate."""
    candidate = cfg.first(_PIM + r"(rp-candidate|send-rp-announce)\s")
    if candidate is not None:
        return candidate, _vrf(candidate)
    own = {a.ip for intf in cfg.interfaces for a in interface_addresses(intf)}
    for line in cfg.find(_PIM + r"rp-address\s"):
        try:
            address = ipaddress.IPv4Address(line.words[line.words.index("rp-address") + 1])
        except (IndexError, ValueError):
            continue
        if address in own:
            return line, _vrf(line)
    return None


def _vrf(line: Line) -> str | None:
    return line.words[3] if line.words[2] == "vrf" else None


@rule("MCS003", "pim-rp-register-unlimited", Severity.MEDIUM, Role.ANY)
def rp_register_unlimited(cfg: ConfigView) -> Iterator[Hit]:
    """The RP does not rate-limit PIM register messages (``ip pim [vrf V] register-rate-limit``)."""
    role = _rp_role(cfg)
    if role is None:
        return
    line, vrf = role
    # the limit counts in the RP's own table: a VRF's RP needs 'ip pim vrf V register-rate-limit'
    pim = f"ip pim vrf {vrf} " if vrf else "ip pim "
    if not cfg.has(rf"^{re.escape(pim)}register-rate-limit\s+\d+"):
        yield Hit(
            line.number,
            f"this router is a PIM RP{f' in VRF {vrf}' if vrf else ''} without "
            f"'{pim}register-rate-limit': a burst of new sources (after a failover) loads the "
            "CPU with register messages",
        )

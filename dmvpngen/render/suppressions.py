"""Lint suppressions the generator writes for choices the inventory made explicitly.

A finding that follows from a stated choice (routing without authentication, NTP servers that
offer no key) is not news to whoever made it: the generator says so in the config, with the
reason the inventory gave and the field that gave it, and ``dmvpngen lint`` counts the finding
as suppressed instead of failing the design. Nothing is suppressed without such a field.
"""

from __future__ import annotations

from dmvpngen.model import Inventory

__all__ = ["file_suppressions"]

# every rule that reports an unauthenticated adjacency: on tunnels (DMV011) and elsewhere
_ROUTING_AUTH = "DMV011,IPV006,RTA001,RTA003,RTA006"


def file_suppressions(inv: Inventory) -> list[tuple[str, str]]:
    """``(codes, reason)`` of the whole-file suppressions every router's config starts with."""
    out: list[tuple[str, str]] = []
    routing = inv.routing
    if routing.no_authentication is not None:
        out.append(
            (
                _ROUTING_AUTH,
                f"routing without authentication by choice (routing.no_authentication: "
                f"{routing.no_authentication})",
            )
        )
    mon = inv.monitoring
    if mon.no_ntp_authentication is not None and inv.management.ntp_servers:
        out.append(
            (
                "CTL001",
                f"NTP without authentication by choice (monitoring.no_ntp_authentication: "
                f"{mon.no_ntp_authentication})",
            )
        )
    return out

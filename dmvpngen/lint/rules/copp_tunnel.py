"""CTL013: a CoPP policy that drops tunnel data on a software-forwarding IOS router.

On IOS 12.x / 15.x (ISR G2 and other routers that forward in software) tunnel termination
traffic is control-plane host traffic (Cisco, "Control Plane Protection": "Examples of
control-plane host IP traffic include tunnel termination traffic"), so the aggregate
``control-plane`` policy sees every ESP, NAT-T (UDP 4500) and GRE packet sent to the router. A
class that drops above its rate then caps the tunnels' data plane. IOS-XE punts only IKE and
exceptions, and IOS-XE 3.x prints the same ``version 15.x`` line as IOS 15, so the rule runs only
when the release is known exactly (``show version`` in the file, or ``--ios-version``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dmvpngen.advisories.release import Family
from dmvpngen.lint.registry import Hit, Severity, rule
from dmvpngen.lint.rules._index import Entry, Index, index
from dmvpngen.lint.rules.advisories import running_release
from dmvpngen.lint.view import ConfigView

# What a tunnel carries to the router, as an extended ACL entry would match it.
_TUNNEL_DATA = {
    "ESP": re.compile(r"^permit (?:esp|50) "),
    "NAT-T": re.compile(r"^permit udp .*\beq (?:non500-isakmp|4500)\b"),
    "GRE": re.compile(r"^permit (?:gre|47) "),
}


def _classes(idx: Index, policy: Entry) -> list[tuple[Entry, list[Entry]]]:
    """The policy's ``class`` lines in order, each with its action lines (police included)."""
    out: list[tuple[Entry, list[Entry]]] = []
    for child in idx.children_of(policy):
        if child.norm.startswith("class "):
            actions = idx.children_of(child)
            nested = [g for a in actions for g in idx.children_of(a)]  # multi-line police
            out.append((child, [*actions, *nested]))
    return out


def _acl_permits(idx: Index, class_name: str, pattern: re.Pattern[str]) -> bool:
    for cmap in idx.starting("class-map "):
        if cmap.raw_words[-1] != class_name:
            continue
        for match in idx.block(cmap).all("match access-group name "):
            acl = match.raw_words[-1]
            for head in idx.starting("ip access-list extended "):
                if head.raw_words[-1] == acl and any(
                    pattern.search(e.norm) for e in idx.block(head).children
                ):
                    return True
    return False


def _drops(actions: list[Entry]) -> bool:
    # 'police ... exceed-action drop' on one line, the same split over lines, or a plain 'drop'
    return any(a.norm == "drop" or "exceed-action drop" in a.norm for a in actions)


@rule("CTL013", "copp-drops-tunnel-data", Severity.MEDIUM)
def copp_drops_tunnel_data(cfg: ConfigView) -> Iterator[Hit]:
    """CoPP drops ESP, NAT-T or GRE to the router on IOS 15, capping the tunnels' data plane."""
    if not cfg.tunnels:
        return
    dropped = _dropping_classes(index(cfg))
    if not dropped:
        return
    # the release last: it scans the file, and most configs have stopped above
    release, _line, origin = running_release(cfg)
    if release is None or not release.exact or release.family is not Family.IOS:
        return
    for cls, kinds in dropped:
        yield Hit(
            cls.number,
            f"{' and '.join(kinds)} to this router fall into CoPP {cls.text.strip()}, which "
            f"drops above its rate: on {release.text} ({origin}) tunnel termination traffic "
            "is control-plane traffic, so the tunnels' data is policed",
        )


def _dropping_classes(idx: Index) -> list[tuple[Entry, list[str]]]:
    """Classes of the control-plane input policy that drop tunnel data, with what they catch."""
    names = [
        e.raw_words[-1]
        for cp in idx.starting("control-plane")
        for e in idx.block(cp).all("service-policy input ")
    ]
    dropped: dict[int, tuple[Entry, list[str]]] = {}  # one finding per dropping class
    for policy in idx.starting("policy-map "):
        if policy.raw_words[-1] not in names:
            continue
        classes = _classes(idx, policy)
        for what, pattern in _TUNNEL_DATA.items():
            for cls, actions in classes:
                name = cls.raw_words[-1]
                if name == "class-default" or _acl_permits(idx, name, pattern):
                    if _drops(actions):
                        dropped.setdefault(cls.number, (cls, []))[1].append(what)
                    break
    return list(dropped.values())

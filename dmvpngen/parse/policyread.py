"""Reading route policy from a config: ``route-map`` sequences (their ``match`` and ``set``
clauses), ``ip prefix-list`` entries, ``ip as-path access-list`` and ``ip community-list``
entries, and the access lists a route map or distribute list may name. What they mean is
evaluated by :class:`dmvpngen.parse.routemaps.Policies`."""

from __future__ import annotations

from ipaddress import ip_network
from typing import Any

from dmvpngen.parse.bgppolicy import community, community_entry, community_order
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.routemaps import Clause, Policies
from dmvpngen.parse.tree import Node, lower_words, words

__all__ = ["read_policy"]


def read_policy(policies: Policies, node: Node, w: list[str], low: list[str]) -> bool:
    """Read ``node`` if it is a route map, prefix list or access list (True when it was)."""
    try:
        if low[0] == "route-map" and len(w) > 1:
            _route_map(policies, node, w, low)
        elif low[:2] == ["ip", "prefix-list"] and len(w) > 4:
            _prefix_list(policies.prefix_lists, w, low, 32)
        elif low[:2] == ["ipv6", "prefix-list"] and len(w) > 4:
            _prefix_list(policies.prefix_lists6, w, low, 128)
        elif low[:3] == ["ip", "as-path", "access-list"] and len(w) > 5:
            policies.as_paths.setdefault(w[3], []).append((low[4] == "permit", " ".join(w[5:])))
        elif low[:2] == ["ip", "community-list"] and len(w) > 4:
            entry = community_entry(w, low)
            if entry is not None:
                policies.community_lists.setdefault(entry[0], []).append(entry[1])
        elif low[0] == "access-list" and len(w) > 3 and w[1].isdigit():
            _numbered_acl(policies, w, low)
        elif low[:2] == ["ip", "access-list"] and len(w) > 3 and low[2] in _NAMED:
            extended = low[2] == "extended"
            lines = policies.acl_lines.setdefault(w[3], [])
            for child in node.children:
                cw = child.text.split()
                lines.append((cw[1:] if cw and cw[0].isdigit() else cw, extended))
        else:
            return False
    except (IndexError, ValueError):
        return True  # malformed: left out (the main parser reports what it cannot read)
    return True


_NAMED = {"standard", "extended"}
# BGP origin codes in best-path order: IGP before EGP before incomplete
_ORIGINS = {"igp": 0, "egp": 1, "incomplete": 2}


def _route_map(policies: Policies, node: Node, w: list[str], low: list[str]) -> None:
    permit = "deny" not in low[2:3]
    seq = next((int(x) for x in w[2:4] if x.isdigit()), 10)
    lists: list[str] = []
    lists6: list[str] = []
    acls: list[str] = []
    tags: list[int] = []
    interfaces: list[str] = []
    as_paths: list[str] = []
    communities: list[str] = []
    exact = additive = unread = False
    set_community: tuple[str, ...] | None = None
    tag = local_pref = weight = None
    metric: tuple[int, ...] | None = None
    mtype: int | None = None
    origin: int | None = None
    delta: int | None = None
    for child in node.children:
        cw = words(child.text)
        cl = lower_words(child.text)
        number = int(cw[2]) if len(cw) > 2 and cw[2].isdigit() else None
        if cl[:4] == ["match", "ip", "address", "prefix-list"]:
            lists.extend(cw[4:])
        elif cl[:4] == ["match", "ipv6", "address", "prefix-list"]:
            lists6.extend(cw[4:])
        elif cl[:3] == ["match", "ip", "address"]:
            acls.extend(cw[3:])
        elif cl[:2] == ["match", "tag"]:
            tags.extend(int(x) for x in cw[2:] if x.isdigit())
        elif cl[:2] == ["match", "interface"]:
            interfaces.extend(canonical_interface(x) for x in cw[2:])
        elif cl[:2] == ["match", "as-path"]:
            as_paths.extend(cw[2:])
        elif cl[:2] == ["match", "community"]:
            communities.extend(x for x in cw[2:] if x.lower() != "exact-match")
            exact = exact or "exact-match" in cl
        elif cl[:2] == ["set", "community"] and len(cw) > 2:
            additive = "additive" in cl
            set_community = tuple(
                sorted({c for x in cl[2:] if (c := community(x)) is not None}, key=community_order)
            )
        elif cl[:1] == ["match"]:
            unread = True
        elif cl[:2] == ["set", "tag"]:
            tag = number
        elif cl[:2] == ["set", "metric"] and len(cw) == 3 and _signed(cw[2]) is not None:
            # 'set metric +N' / '-N' (IOS CLI help: '+/-<metric>  Add or subtract metric')
            delta = _signed(cw[2])
        elif cl[:2] == ["set", "metric"]:
            metric = tuple(int(x) for x in cw[2:] if x.isdigit()) or None
        elif cl[:2] == ["set", "metric-type"] and cl[2:3] in (["type-1"], ["type-2"]):
            # OSPF external type of a redistributed route (Cisco "IP Routing:
            # Protocol-Independent Command Reference", set metric-type)
            mtype = int(cl[2][-1])
        elif cl[:2] == ["set", "origin"] and cl[2:3] and cl[2] in _ORIGINS:
            # BGP origin code of the route (Cisco IOS in a Nutshell, 'set origin': igp, egp
            # with the AS number, incomplete)
            origin = _ORIGINS[cl[2]]
        elif cl[:2] == ["set", "local-preference"]:
            local_pref = number
        elif cl[:2] == ["set", "weight"]:
            weight = number
    clause = Clause(
        seq,
        permit,
        node.line,
        tuple(lists),
        tuple(acls),
        tuple(tags),
        tag,
        metric,
        local_pref,
        weight,
        tuple(interfaces),
        tuple(as_paths),
        tuple(communities),
        exact,
        set_community,
        additive,
        unread,
        tuple(lists6),
        mtype,
        origin,
        set_metric_delta=delta,
    )
    clauses = policies.route_maps.setdefault(w[1], [])
    clauses[:] = sorted([c for c in clauses if c.seq != seq] + [clause], key=lambda c: c.seq)


def _signed(word: str) -> int | None:
    """``+N`` -> N, ``-N`` -> -N; None for anything else (an absolute value among them)."""
    if len(word) > 1 and word[0] in "+-" and word[1:].isdigit():
        return int(word) if word[0] == "-" else int(word[1:])
    return None


def _prefix_list(
    table: dict[str, list[tuple[int, bool, Any, int, int]]], w: list[str], low: list[str], bits: int
) -> None:
    """``ip[v6] prefix-list NAME [seq N] permit|deny P/L [ge X] [le Y]`` into ``table``
    (``bits``: the family's address length)."""
    rest = low[3:]
    entries = table.setdefault(w[2], [])
    seq = (entries[-1][0] if entries else 0) + 5  # IOS numbers unnumbered entries by 5
    if rest[0] == "seq":
        seq, rest = int(rest[1]), rest[2:]
    if len(rest) < 2 or rest[0] not in {"permit", "deny"}:
        return
    net = ip_network(rest[1], strict=False)
    if net.max_prefixlen != bits:
        return
    ge = int(rest[rest.index("ge") + 1]) if "ge" in rest[:-1] else None
    le = int(rest[rest.index("le") + 1]) if "le" in rest[:-1] else None
    low_len = ge if ge is not None else net.prefixlen
    high_len = le if le is not None else (bits if ge is not None else net.prefixlen)
    entries.append((seq, rest[0] == "permit", net, low_len, high_len))
    entries.sort(key=lambda e: e[0])


def _numbered_acl(policies: Policies, w: list[str], low: list[str]) -> None:
    """``access-list N permit|deny ...``: 1-99 and 1300-1999 standard, 100-199 and 2000-2699
    extended (the source part is matched against the route's address)."""
    number = int(w[1])
    extended = 100 <= number <= 199 or 2000 <= number <= 2699
    policies.acl_lines.setdefault(w[1], []).append((w[2:], extended))

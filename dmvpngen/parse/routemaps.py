"""Route policy: route maps, prefix lists and the access lists that filter routes, evaluated the
way IOS does (Cisco "IP Routing: Protocol-Independent Configuration Guide", route maps and
prefix lists):

- a route map runs its sequences in order; the first sequence whose every ``match`` clause
  matches decides (``permit``: the route passes with the sequence's ``set`` clauses; ``deny``:
  it is dropped); a sequence without ``match`` matches everything; a route no sequence matches is
  dropped (the implicit deny). Within one ``match`` line the names are ORed.
- a prefix list entry ``P/L`` matches a route whose first L bits equal P's and whose length is
  exactly L, or within ``ge``..``le`` when given (``ge`` alone: up to 32; ``le`` alone: from L);
  first match decides, implicit deny.
- an access list used for routes matches the route's network address against each entry's
  address and wildcard (standard lists; an extended list's source part), first match decides,
  implicit deny.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Network
from typing import Any

from dmvpngen.parse.bgppolicy import CommunityEntry, ios_regex
from dmvpngen.parse.tree import ip_or_none

__all__ = ["BgpAttributes", "Clause", "Policies", "Verdict"]


# a route's AS path and communities, where BGP evaluates a route map
BgpAttributes = tuple[tuple[int, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Clause:
    """One ``route-map NAME permit|deny SEQ`` sequence."""

    seq: int
    permit: bool
    line: int
    prefix_lists: tuple[str, ...] = ()
    acls: tuple[str, ...] = ()
    tags: tuple[int, ...] = ()
    set_tag: int | None = None
    set_metric: tuple[int, ...] | None = None  # one value (OSPF, BGP MED) or EIGRP's five
    set_local_pref: int | None = None
    set_weight: int | None = None
    interfaces: tuple[str, ...] = ()
    as_path_lists: tuple[str, ...] = ()  # 'match as-path N...'
    community_lists: tuple[str, ...] = ()  # 'match community L... [exact-match]'
    community_exact: bool = False
    # 'set community C... [additive]' (() with 'set community none'); None: no set
    set_community: tuple[str, ...] | None = None
    set_community_additive: bool = False
    # a 'match' this model does not read (community, as-path, route-type...): the sequence is
    # taken to match when it permits and not to when it denies, so an unread clause never
    # makes a working network look broken
    unread: bool = False
    prefix_lists6: tuple[str, ...] = ()  # 'match ipv6 address prefix-list L...'
    set_metric_type: int | None = None  # OSPF 'set metric-type type-1|type-2': 1 or 2
    # BGP 'set origin igp|egp AS|incomplete': 0, 1 or 2 (the best-path order)
    set_origin: int | None = None
    # 'set metric +N' / 'set metric -N': N added to (subtracted from) the metric the route
    # carries where the map applies (signed), in place of an absolute 'set metric'
    set_metric_delta: int | None = None


@dataclass(frozen=True)
class Verdict:
    """What a route map does with one route: ``clause`` is None for the implicit deny."""

    permit: bool
    clause: Clause | None


@dataclass
class Policies:
    """The route maps, prefix lists and route-filtering access lists of one router."""

    route_maps: dict[str, list[Clause]] = field(default_factory=dict)
    # name -> [(seq, permit, network, ge, le)]
    prefix_lists: dict[str, list[tuple[int, bool, IPv4Network, int, int]]] = field(
        default_factory=dict
    )
    # 'ipv6 prefix-list': IPv6 lists have names of their own
    prefix_lists6: dict[str, list[tuple[int, bool, IPv6Network, int, int]]] = field(
        default_factory=dict
    )
    # name -> [(permit, address as int, wildcard as int)], read from ``acl_lines`` when a
    # route map or distribute list first asks (most access lists of a config filter packets)
    acls: dict[str, list[tuple[bool, int, int]]] = field(default_factory=dict)
    acl_lines: dict[str, list[tuple[list[str], bool]]] = field(default_factory=dict)
    # BGP: 'ip as-path access-list N permit|deny REGEX' and 'ip community-list' entries
    as_paths: dict[str, list[tuple[bool, str]]] = field(default_factory=dict)
    community_lists: dict[str, list[CommunityEntry]] = field(default_factory=dict)

    def route_map(
        self,
        name: str,
        prefix: IPv4Network | IPv6Network,
        tag: int = 0,
        interface: str | None = None,
        bgp: BgpAttributes | None = None,
    ) -> Verdict | None:
        """The verdict of route map ``name`` on ``prefix`` (None: the map is not defined);
        ``interface``: the route's outgoing interface, when known (``match interface``);
        ``bgp``: the route's AS path and communities where BGP applies the map (elsewhere a
        ``match as-path`` / ``match community`` is not read)."""
        clauses = self.route_maps.get(name)
        if clauses is None:
            return None
        for c in clauses:
            if (c.as_path_lists or c.community_lists) and not self._bgp_match(c, bgp):
                continue
            # a route is matched by its family's prefix lists; the other family's 'match'
            # lines (and IPv4 access lists on an IPv6 route) are not read for it: a permit
            # matches, a deny does not
            v6 = prefix.version == 6
            lists = c.prefix_lists6 if v6 else c.prefix_lists
            if lists and not any(self.prefix_list(n, prefix) for n in lists):
                continue
            foreign = c.prefix_lists if v6 else c.prefix_lists6
            if (foreign or (v6 and c.acls)) and not c.permit:
                continue
            if c.acls and not v6 and not any(self.acl(n, prefix) for n in c.acls):
                continue
            if c.tags and tag not in c.tags:
                continue
            # an unknown interface (a route learned over BGP) matches a permit only
            unknown = interface is None and c.permit
            if c.interfaces and interface not in c.interfaces and not unknown:
                continue
            if c.unread and not c.permit:
                continue
            return Verdict(c.permit, c)
        return Verdict(False, None)

    def _bgp_match(self, c: Clause, bgp: BgpAttributes | None) -> bool:
        if bgp is None:
            return c.permit  # not read here: a permit matches, a deny does not
        path, communities = bgp
        if c.as_path_lists and not any(self.as_path(n, path) for n in c.as_path_lists):
            return False
        return not c.community_lists or any(
            self.community(n, communities, c.community_exact) for n in c.community_lists
        )

    def as_path(self, name: str, path: tuple[int, ...]) -> bool:
        """Does ``ip as-path access-list name`` permit ``path``? Entries in order, the first
        whose regular expression is found in the path decides, implicit deny; an undefined
        list matches nothing."""
        text = " ".join(str(a) for a in path)
        for permit, pattern in self.as_paths.get(name, ()):
            if ios_regex(pattern).search(text):
                return permit
        return False

    def community(self, name: str, communities: tuple[str, ...], exact: bool = False) -> bool:
        """Does ``ip community-list name`` permit a route carrying ``communities``? A standard
        entry matches when the route carries every community of the entry (``internet``
        matches every route), an expanded entry when its regular expression is found in the
        route's communities as IOS prints them; first match decides, implicit deny.
        ``exact``: ``match community ... exact-match`` (the route carries those and no
        other)."""
        have = set(communities)
        text = " ".join(communities)
        for permit, expanded, value in self.community_lists.get(name, ()):
            if expanded:
                hit = bool(ios_regex(value[0]).search(text))
            elif exact:
                hit = have == {v for v in value if v != "internet"}
            else:
                hit = all(v == "internet" or v in have for v in value)
            if hit:
                return permit
        return False

    def prefix_list(self, name: str, prefix: IPv4Network | IPv6Network) -> bool:
        """Does prefix list ``name`` permit ``prefix``? (An undefined list permits all, as IOS
        treats a match on a list that does not exist.)"""
        table = self.prefix_lists6 if prefix.version == 6 else self.prefix_lists
        entries: list[tuple[int, bool, Any, int, int]] | None = table.get(name)
        if entries is None:
            return True
        for _seq, permit, net, ge, le in entries:
            if ge <= prefix.prefixlen <= le and prefix.subnet_of(net):
                return permit
        return False

    def acl(self, name: str, prefix: IPv4Network | IPv6Network) -> bool:
        """Does access list ``name`` permit the network address of ``prefix``? (An IPv6
        route is not read against an IPv4 access list: it passes.)"""
        if prefix.version == 6:
            return True
        entries = self.acls.get(name)
        if entries is None:
            lines = self.acl_lines.get(name)
            if lines is None:
                return True
            entries = self.acls[name] = [
                e for w, extended in lines if (e := _acl_entry(w, extended)) is not None
            ]
        value = int(prefix.network_address)
        for permit, address, wildcard in entries:
            if (value & ~wildcard) == (address & ~wildcard):
                return permit
        return False

    def allows(self, kind: str, name: str, prefix: IPv4Network | IPv6Network, tag: int = 0) -> bool:
        """A ``distribute-list`` of ``kind`` (prefix | route-map | acl) lets ``prefix`` through."""
        if kind == "prefix":
            return self.prefix_list(name, prefix)
        if kind == "route-map":
            v = self.route_map(name, prefix, tag)
            return v is None or v.permit
        return self.acl(name, prefix)

    @functools.cached_property
    def signature(self) -> tuple[object, ...]:
        """Everything that decides a verdict: routers with equal signatures filter alike."""
        return (
            tuple(sorted((k, tuple(v)) for k, v in self.route_maps.items())),
            tuple(sorted((k, tuple(v)) for k, v in self.prefix_lists.items())),
            tuple(sorted((k, tuple(v)) for k, v in self.prefix_lists6.items())),
            tuple(
                sorted((k, tuple((tuple(w), x) for w, x in v)) for k, v in self.acl_lines.items())
            ),
            tuple(sorted((k, tuple(v)) for k, v in self.as_paths.items())),
            tuple(sorted((k, tuple(v)) for k, v in self.community_lists.items())),
        )


def _acl_entry(w: list[str], extended: bool) -> tuple[bool, int, int] | None:
    low = [x.lower() for x in w]
    if not low or low[0] not in {"permit", "deny"}:
        return None
    rest, lrest = (w[2:], low[2:]) if extended else (w[1:], low[1:])
    if not rest:
        return None
    if lrest[0] == "any":
        return low[0] == "permit", 0, 0xFFFFFFFF
    if lrest[0] == "host" and len(rest) > 1:
        rest = rest[1:2]
    address = ip_or_none(rest[0])
    if address is None:
        return None
    wildcard = ip_or_none(rest[1]) if len(rest) > 1 else IPv4Address("0.0.0.0")
    return low[0] == "permit", int(address), int(wildcard or IPv4Address("0.0.0.0"))

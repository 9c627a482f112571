"""A running config as a tree, edited the way IOS config mode edits it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Node", "is_opener", "parse_config"]

# Lines that enter a sub-mode (the router then expects that section's commands).
_OPENERS = re.compile(
    r"^(interface \S+|router (eigrp|ospf|ospfv3|bgp) \S+.*|address-family \S+.*|af-interface \S+"
    r"|topology \S+|crypto ikev2 (proposal|policy|keyring|profile) \S+|peer \S+"
    r"|crypto isakmp (policy|profile) \S+|crypto ipsec (transform-set|profile) \S+.*"
    r"|crypto keyring \S+.*|crypto pki trustpoint \S+|line \S+.*|vrf definition \S+"
    r"|ip access-list (standard|extended) \S+|archive|key chain \S+|key \d+"
    r"|class-map .*|policy-map .*|class \S+|log config|route-map \S+ (permit|deny) \d+"
    r"|ip sla \d+|track \d+ .*|control-plane|bfd-template .*|flow (record|exporter|monitor) \S+"
    r"|event manager applet .*|crypto map \S+ \d+.*|crypto pki certificate (map|chain) .*"
    r"|crypto ikev2 authorization policy \S+|object-group .*|parameter-map .*|zone security .*"
    r"|zone-pair .*|ipv6 access-list \S+|icmp-echo .*|udp-jitter .*)$"
)
# Settings that hold one value: entering a new one replaces the old line, as on IOS.
_SINGLE = (
    "hostname",
    "description",
    "ip address",
    "ip mtu",
    "ip tcp adjust-mss",
    "ip nhrp network-id",
    "ip nhrp holdtime",
    "ip nhrp authentication",
    "tunnel source",
    "tunnel key",
    "tunnel mode",
    "tunnel protection ipsec profile",
    "bandwidth",
    "encryption",
    "integrity",
    "prf",
    "group",
    "pre-shared-key",
    "pre-shared-key local",
    "pre-shared-key remote",
    "keyring local",
    "set transform-set",
    "set ikev2-profile",
    "set pfs",
    "set isakmp-profile",
    "mode",
    "dpd",
    "router-id",
    "eigrp router-id",
    "bgp router-id",
    "hash",
    "authentication remote",
    "authentication local",
    "ip ospf network",
    "ip ospf priority",
    "lifetime",
    "address",
    "ip domain name",
    "path",
)
# `no X` with nothing to remove is printed as a line (`no ip redirects`, `no service pad`),
# except for these defaults that IOS never prints.
_NEVER_PRINTED = ("shutdown",)


def is_opener(line: str) -> bool:
    """True when entering ``line`` switches the router into a sub-mode."""
    return bool(_OPENERS.match(line))


def _single_key(line: str) -> str:
    for key in sorted(_SINGLE, key=len, reverse=True):
        if line == key or line.startswith(key + " "):
            return key
    return ""


@dataclass
class Node:
    """One config line and its children."""

    text: str
    children: list[Node] = field(default_factory=list)

    def copy(self) -> Node:
        """Deep copy (a revert snapshot)."""
        return Node(self.text, [c.copy() for c in self.children])

    def find(self, text: str) -> Node | None:
        """The child with exactly ``text``."""
        return next((c for c in self.children if c.text == text), None)

    def add(self, line: str) -> Node:
        """Enter ``line`` here; return the node (to descend into when it opens a sub-mode)."""
        existing = self.find(line)
        if existing is not None:
            return existing
        negated = self.find(f"no {line}")
        if negated is not None:
            # Turning a default-on feature back on: IOS just drops the `no` line.
            self.children.remove(negated)
            return Node(line)
        key = _single_key(line)
        if key:
            for i, child in enumerate(self.children):
                if _single_key(child.text) == key:
                    self.children[i] = Node(line, child.children)
                    return self.children[i]
        node = Node(line)
        self.children.append(node)
        return node

    def negate(self, line: str) -> None:
        """Apply ``no <line>``: remove the matching child (exact, else by prefix)."""
        exact = self.find(line)
        if exact is not None:
            self.children.remove(exact)
            return
        prefixed = [c for c in self.children if c.text.startswith(line + " ")]
        if prefixed:
            self.children.remove(prefixed[0])
            return
        if line not in _NEVER_PRINTED:
            self.children.append(Node(f"no {line}"))

    def render(self, depth: int = 0) -> list[str]:
        """Lines as ``show running-config`` prints them (one space per level)."""
        out = []
        for child in self.children:
            out.append(" " * depth + child.text)
            out.extend(child.render(depth + 1))
            if depth == 0:
                out.append("!")
        return out

    def walk(self) -> list[Node]:
        """Every descendant, depth first."""
        out = []
        for child in self.children:
            out.append(child)
            out.extend(child.walk())
        return out


def parse_config(text: str) -> Node:
    """Build a tree from indented config text (comments and ``end`` ignored)."""
    root = Node("")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("!") or stripped == "end":
            continue
        if re.fullmatch(r"exit(-[\w-]+)?", stripped):
            continue
        indent = len(line) - len(line.lstrip(" "))
        while stack[-1][0] >= indent:
            stack.pop()
        node = Node(stripped)
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return root

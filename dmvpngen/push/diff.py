"""The remediation: commands (with ``no`` lines) that turn a running config into the intended one.

Only the sections dmvpngen owns are compared: every top-level block the intended config contains,
plus running blocks of the families dmvpngen renders (tunnels, crypto, routing processes, static
routes) so stale ones are removed. Anything else on the router is never touched. Guarded blocks
(vty lines, aaa, users, the management interface) are left alone unless explicitly included.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from dmvpngen.push.banners import banner_commands, banner_notes, split_banners

__all__ = ["Plan", "compute_plan", "config_blocks", "send_commands", "split_banners"]

# Running-config blocks dmvpngen manages even when the intent no longer contains them
# (multicast routing and the global PIM lines: dropping the inventory's multicast section
# removes them; IPv6 routing and OSPFv3: dropping the clouds' ipv6_subnet removes them).
OWNED_FAMILIES = re.compile(
    r"^(interface Tunnel\d+|crypto (ikev2|isakmp|ipsec|keyring)\b|router (eigrp|ospf|bgp)\b"
    r"|router ospfv3\b|ip route\b|ip nhrp\b|ip multicast-routing\b|ip pim\b"
    r"|ipv6 unicast-routing\b)"
)
# Blocks that can cut the operator off, or that `show running-config` never shows as typed
# (banners are re-delimited, the config key is not printed): changed only with include_guarded.
GUARDED = re.compile(
    r"^(line\b|aaa\b|username\b|enable (secret|password)\b|ip ssh\b|crypto key\b|crypto pki\b"
    r"|ip http\b|management\b|banner\b|key config-key\b)"
)
# Secret lines a router may print encrypted (type 6 with `password encryption aes`, type 7
# with `service password-encryption`): an encrypted copy counts as in sync.
_SECRET_HEAD = r"\s*(?:pre-shared-key(?:\s+(?:local|remote))?|ip nhrp authentication|key-string)"
SECRET_LINE = re.compile(rf"^({_SECRET_HEAD})\b")
_ENCRYPTED = re.compile(rf"^{_SECRET_HEAD}\s+[67]\s+\S+")
# IOS-XE 17.x tunnel defaults that `show running-config` does not print (dmvpn-reference §2).
XE_HIDDEN_DEFAULTS = ("ip nhrp redirect", "ip nhrp shortcut", "ip nhrp map multicast dynamic")
# From IOS-XE 17.14 the IPv6 twin is a default too: Cisco-IOS-XE-nhrp.yang, revision 2024-03-01
# ("Added multicast config support for ipv6 nhrp map"), leaf 'dynamic' with default true; read
# from the running config's 'version' line (docs/review.md, I5).
XE_1714_HIDDEN_DEFAULTS = ("ipv6 nhrp map multicast dynamic",)
_VERSION = re.compile(r"^version (\d+)\.(\d+)\s*$", re.M)
# Lines IOS adds to physical interfaces by itself; their absence from the intent is not drift.
HARDWARE_NOISE = re.compile(
    r"^(negotiation\b|no mop\b|mop\b|speed\b|duplex\b|media-type\b|no cdp\b|load-interval\b)"
)
_SKIP_LINE = re.compile(
    r"^(!.*|end|exit|exit-[\w-]+|Building configuration.*|Current configuration.*|version .*)$"
)


@dataclass(frozen=True)
class Block:
    """A top-level config line and its indented children (raw text lines)."""

    head: str
    body: tuple[str, ...]

    def text(self) -> str:
        """The block as config text."""
        return "\n".join((self.head, *self.body)) + "\n"


@dataclass(frozen=True)
class Plan:
    """The remediation for one device: ``lines`` indented one space per level."""

    lines: tuple[str, ...]
    # The same change as a diff: "+ line" added, "- line" removed, "  line" unchanged section.
    diff: tuple[str, ...] = ()
    # Lines that open a sub-mode with nothing in it (`topology base` / `exit-af-topology`).
    empty_modes: frozenset[str] = frozenset()
    # What differs but is not in ``lines`` (a banner no delimiter can enclose), for the operator.
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when running already matches the intent in the owned sections."""
        return not self.lines


def config_blocks(text: str) -> list[Block]:
    """Split IOS config text into top-level blocks, dropping comments and mode-exit lines."""
    blocks: list[Block] = []
    head: str | None = None
    body: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or _SKIP_LINE.match(line.strip()):
            continue
        if line[0] != " ":
            if head is not None:
                blocks.append(Block(head, tuple(body)))
            head, body = line, []
        elif head is not None:
            body.append(line)
    if head is not None:
        blocks.append(Block(head, tuple(body)))
    return blocks


def _vty_acls(blocks: list[Block]) -> set[str]:
    """ACL blocks the vty lines filter SSH with: editing them can lock the operator out."""
    names = set()
    for block in blocks:
        if block.head.startswith("line "):
            for child in block.body:
                words = child.split()
                if words[:1] == ["access-class"] and len(words) > 1:
                    names.add(words[1])
    return {f"ip access-list {kind} {name}" for name in names for kind in ("standard", "extended")}


def _empty_modes(text: str) -> frozenset[str]:
    """Lines the rendered config closes at once with an `exit-...` line at the same indent:
    sub-modes with no commands, which must be left explicitly (IOS stays in them)."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    found = set()
    for line, nxt in itertools.pairwise(lines):
        indent = len(line) - len(line.lstrip(" "))
        if re.fullmatch(r"exit-[\w-]+", nxt.strip()) and len(nxt) - len(nxt.lstrip(" ")) == indent:
            found.add(line.strip())
    return frozenset(found)


def _management_interface(blocks: list[Block], host: str) -> set[str]:
    """Interfaces that carry the SSH address or sit in a management VRF."""
    heads = set()
    for block in blocks:
        if not block.head.startswith("interface "):
            continue
        for child in block.body:
            words = child.split()
            if words[:2] == ["ip", "address"] and len(words) > 2 and words[2] == host:
                heads.add(block.head)
            if words[:2] == ["vrf", "forwarding"] and words[-1].lower().startswith("mgmt"):
                heads.add(block.head)
    return heads


def _running_train(running_text: str) -> tuple[int, int] | None:
    """The train the running config's 'version' line names (17, 14), None without one."""
    m = _VERSION.search(running_text)
    return (int(m[1]), int(m[2])) if m else None


def _adjust(
    intended: Block, running: Block | None, platform: str, train: tuple[int, int] | None = None
) -> Block:
    """Drop intended lines whose absence from running is a default, not drift."""
    if running is None:
        return intended
    present = {c.strip() for c in running.body}
    encrypted = {SECRET_LINE.match(c)[1].strip(): c for c in running.body if _ENCRYPTED.match(c)}  # type: ignore[index]
    body = []
    for child in intended.body:
        match = SECRET_LINE.match(child)
        key = match[1].strip() if match else ""
        body.append(encrypted.get(key, child))
    intended = Block(intended.head, tuple(body))
    drop = set()
    if "shutdown" not in present:
        drop.add("no shutdown")
    if platform == "iosxe" and intended.head.startswith("interface Tunnel"):
        hidden: tuple[str, ...] = XE_HIDDEN_DEFAULTS
        if train is not None and train >= (17, 14):
            hidden += XE_1714_HIDDEN_DEFAULTS
        drop.update(d for d in hidden if d not in present)
    return Block(intended.head, tuple(c for c in intended.body if c.strip() not in drop))


def _strip_noise(running: Block, intended: Block | None) -> Block:
    """Hide hardware default lines of a physical interface that the intent does not mention."""
    if not running.head.startswith("interface "):
        return running
    # `no shutdown` is the default and IOS never prints it; a saved copy may still carry it.
    running = Block(running.head, tuple(c for c in running.body if c.strip() != "no shutdown"))
    if running.head.startswith("interface Tunnel"):
        return running
    wanted = {c.strip() for c in intended.body} if intended else set()
    body = tuple(
        c
        for c in running.body
        if c.strip() in wanted or not (c.startswith(" ") and HARDWARE_NOISE.match(c.strip()))
    )
    return Block(running.head, body)


def compute_plan(
    running_text: str,
    intended_text: str,
    *,
    platform: str,
    host: str = "",
    include_guarded: bool = False,
) -> Plan:
    """Compute the remediation of the owned sections with hier_config."""
    from hier_config import Host

    running_text, running_banners = split_banners(running_text)
    intended_text, intended_banners = split_banners(intended_text)
    running = config_blocks(running_text)
    intended = config_blocks(intended_text)
    guarded_heads = (
        _management_interface(running, host)
        | _management_interface(intended, host)
        | _vty_acls(running)
        | _vty_acls(intended)
    )

    def guarded(block: Block) -> bool:
        return not include_guarded and (
            bool(GUARDED.match(block.head)) or block.head in guarded_heads
        )

    wanted = {b.head: b for b in intended if not guarded(b)}
    have = {b.head: b for b in running}
    run_kept = [
        _strip_noise(b, wanted.get(b.head))
        for b in running
        if not guarded(b) and (b.head in wanted or OWNED_FAMILIES.match(b.head))
    ]
    train = _running_train(running_text)
    int_kept = [_adjust(b, have.get(b.head), platform, train) for b in wanted.values()]

    os_name = "iosxe" if platform == "iosxe" else "ios"
    hc_host = Host("device", os_name)
    hc_host.load_running_config("".join(b.text() for b in run_kept))
    hc_host.load_generated_config("".join(b.text() for b in int_kept))
    remediation = hc_host.running_config.config_to_get_to(hc_host.generated_config)
    remediation.set_order_weight()
    lines = tuple(
        " " * (child.depth() - 1) + child.text for child in remediation.all_children_sorted()
    )
    notes: tuple[str, ...] = ()
    if include_guarded:
        lines += tuple(banner_commands(running_banners, intended_banners))
        notes = tuple(banner_notes(running_banners, intended_banners))
    return Plan(lines, _as_diff(lines, run_kept), _empty_modes(intended_text), notes)


def _as_diff(lines: tuple[str, ...], running: list[Block]) -> tuple[str, ...]:
    """Mark each command: a `no X` whose X is configured removes it; a section head already
    configured is context; everything else is added (including `no X` default-off lines)."""
    present = {(len(t) - len(t.lstrip(" ")), t.strip()) for b in running for t in (b.head, *b.body)}
    out: list[str] = []
    for line in lines:
        depth, text = len(line) - len(line.lstrip(" ")), line.strip()
        pad = " " * depth
        if "\n" in text:  # a multi-line banner, typed as several lines
            out.extend(f"+ {pad}{part}" for part in text.split("\n"))
        elif text.startswith("no ") and (depth, text[3:]) in present:
            out.append(f"- {pad}{text[3:]}")
        elif (depth, text) in present:
            out.append(f"  {pad}{text}")
        else:
            out.append(f"+ {pad}{text}")
    return tuple(out)


def send_commands(plan: Plan) -> list[str]:
    """The lines to type in config mode, with an ``exit`` per level left (IOS semantics)."""
    out: list[str] = []
    levels = [len(line) - len(line.lstrip(" ")) for line in plan.lines]
    mode = 0  # how many sub-modes deep the router is
    for i, line in enumerate(plan.lines):
        level = levels[i]
        while mode > level:
            out.append("exit")
            mode -= 1
        out.append(line.strip())
        if i + 1 < len(levels) and levels[i + 1] > level:
            mode = level + 1
        elif line.strip() in plan.empty_modes:
            out.append("exit")  # entered a sub-mode that has nothing to configure
    return out

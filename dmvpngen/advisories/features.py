"""Which of the features Cisco's advisories name a router's configuration runs, and the line
that shows it.

An advisory applies only where its vulnerable feature is configured (each advisory's
"Vulnerable Products" section: "devices configured with IKEv2", "have a tunnel interface
configured", ...). The table's ``conditions`` name these features:

- ``ikev1``: ISAKMP configured (``crypto isakmp ...``, ``crypto keyring``, ``crypto map``);
- ``ikev2``: ``crypto ikev2 ...``;
- ``ipsec``: IPsec protection (``crypto ipsec profile``, ``crypto map``, ``tunnel protection``);
- ``gre``: a tunnel interface in GRE mode (no ``tunnel mode`` line: GRE over IPv4 is the
  default; ``tunnel mode gre ...``, mGRE included);
- ``nhrp``: ``ip nhrp ...`` or ``ipv6 nhrp ...`` on an interface;
- ``qfp``: an IOS-XE router on the QuantumFlow Processor (ISR 1000/4000, ASR 1000, Catalyst
  8000, CSR 1000v): a ``platform ...`` line, or a ``license udi pid`` of those families;
- ``isr4300``: ``license udi pid ISR43...``.

Read from the configuration's lines alone (no parse tree): lint, ``check`` and ``verify`` all
hold the lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["FEATURES", "configured_features", "numbered_features"]

FEATURES: dict[str, str] = {
    "ikev1": "IKEv1 (ISAKMP)",
    "ikev2": "IKEv2",
    "ipsec": "IPsec",
    "gre": "a GRE tunnel",
    "nhrp": "NHRP",
    "qfp": "an IOS-XE QFP platform",
    "isr4300": "an ISR 4300",
}

# Each pattern's group 'shown' is what a finding quotes: the command words, never the rest of
# the line (a 'crypto isakmp key' or 'pre-shared-key' line carries a secret), and the same
# words whether the config is a running config or a pasted script.
_GLOBAL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        # a crypto map's name never ends in ':' ('crypto map tag: ...' is show output)
        ("ikev1", r"^(?P<shown>crypto (?:isakmp|keyring))\s"),
        ("ikev1", r"^(?P<shown>crypto map) [^\s:]+\s"),
        ("ikev2", r"^(?P<shown>crypto ikev2)\s"),
        ("ipsec", r"^(?P<shown>crypto ipsec profile)\s"),
        ("ipsec", r"^(?P<shown>crypto map) [^\s:]+\s"),
        ("qfp", r"^(?P<shown>platform)\s\S"),
        ("qfp", r"^(?P<shown>license udi pid (?:ISR4|ISR11|C11\d|ASR1\d|C8[0-9]|CSR1000V)\S*)"),
        ("isr4300", r"^(?P<shown>license udi pid ISR43\S*)"),
    )
)
_TUNNEL = re.compile(r"^interface\s+Tunnel\d+", re.IGNORECASE)
_MODE = re.compile(r"^\s+tunnel mode\s+(\S+)")
_NHRP = re.compile(r"^\s+(?P<shown>ip(?:v6)? nhrp)\s")
_PROTECTION = re.compile(r"^\s+(?P<shown>tunnel protection ipsec)\s")


def configured_features(lines: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Feature name -> (1-based line number, the command words) of the first line showing it."""
    return numbered_features(enumerate(lines, start=1))


def numbered_features(lines: Iterable[tuple[int, str]]) -> dict[str, tuple[int, str]]:
    """The same from ``(line number, line)`` pairs (children indented under their parent)."""
    found: dict[str, tuple[int, str]] = {}
    tunnel: tuple[int, str] | None = None  # the open tunnel interface, until its mode is known
    gre = True

    def close() -> None:
        if tunnel is not None and gre:
            found.setdefault("gre", tunnel)

    for number, raw in lines:
        text = raw.rstrip()
        if not text or text.startswith("!"):
            continue
        if not text[0].isspace():  # a global line closes the interface before it
            close()
            head = _TUNNEL.match(text)
            tunnel = (number, head[0]) if head else None
            gre = True
            for name, pattern in _GLOBAL:
                if name not in found and (m := pattern.match(text)):
                    found[name] = (number, m["shown"])
            continue
        if tunnel is not None and (m := _MODE.match(text)):
            gre = m[1] == "gre"  # 'ipsec', 'ipip', 'mpls', 'vxlan'... are not GRE
        if "nhrp" not in found and (m := _NHRP.match(text)):
            found["nhrp"] = (number, m["shown"])
        if "ipsec" not in found and (m := _PROTECTION.match(text)):
            found["ipsec"] = (number, m["shown"])
    close()
    return found

"""Cross-router facts of rendered configs: what peers must agree on for IKE and routing.

Shared by the example tests and the property test; reads text only (no renderer internals).
"""

from __future__ import annotations

import re
from typing import Protocol

from tests.configtext import block


class _Config(Protocol):
    hostname: str
    text: str


def blocks(text: str, header: str) -> dict[str, list[str]]:
    """Child lines of every top-level block starting with ``header``, by header line."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith(" "):
            current = out.setdefault(line, []) if line.startswith(header) else None
        elif current is not None:
            current.append(line.strip())
    return out


def keyring_peers(text: str) -> dict[str, dict[str, str]]:
    """``peer name -> {address|identity, local, remote}`` of the IKEv2 keyring."""
    peers: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in block(text, "crypto ikev2 keyring"):
        if line.startswith("peer "):
            current = peers.setdefault(line.split()[1], {})
        elif line.startswith("pre-shared-key local "):
            current["local"] = line.split()[-1]
        elif line.startswith("pre-shared-key remote "):
            current["remote"] = line.split()[-1]
        else:
            current[line.split()[0]] = line.split(maxsplit=1)[1]
    return peers


def crypto_facts(text: str) -> dict[str, object]:
    """What two routers must agree on for IKE and IPsec to come up between them."""
    facts: dict[str, object] = {}
    for header in ("crypto ikev2 proposal", "crypto ipsec transform-set"):
        found = blocks(text, header)
        facts[header] = sorted(
            (h.split()[-1] if "proposal" in h else h, tuple(b)) for h, b in found.items()
        )
    facts["isakmp"] = sorted(tuple(b) for b in blocks(text, "crypto isakmp policy").values())
    facts["pfs"] = sorted(line for line in text.splitlines() if line.startswith(" set pfs"))
    facts["auth"] = sorted(
        line.strip()
        for line in text.splitlines()
        if line.startswith(" authentication ") or line.strip().startswith("issuer-name")
    )
    return facts


def assert_routers_agree(configs: list[_Config]) -> None:
    """dmvpn-reference §7: proposals, transforms, keys and routing keys agree on every router."""
    facts = [crypto_facts(c.text) for c in configs]
    for other in facts[1:]:
        assert other == facts[0]
    wildcard = {
        line.strip()
        for c in configs
        for line in c.text.splitlines()
        if re.match(r"  pre-shared-key (?!local |remote )|crypto isakmp key ", line)
    }
    assert len(wildcard) <= 1
    own = {c.hostname: keyring_peers(c.text) for c in configs if "\n peer " in c.text}
    for router, peers in own.items():
        for peer, entry in peers.items():
            # entries named after a router pair up; prefix entries cover several routers
            if "local" in entry and router in own.get(peer, {}):
                assert own[peer][router]["remote"] == entry["local"]
                assert own[peer][router]["local"] == entry["remote"]
    for pattern in (
        r"authentication mode hmac-sha-256 (\S+)",
        r"key-string (\S+)",
        r"message-digest-key \d+ md5 (\S+)",
        r"neighbor \S+ password (\S+)",
        r"ntp authentication-key \d+ \S+ (\S+)",
    ):
        values = {m for c in configs for m in re.findall(pattern, c.text)}
        assert len(values) <= 1, (pattern, values)

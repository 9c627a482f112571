"""Crypto rules about pre-shared keys (CRY015, CRY016)."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Severity, rule
from dmvpngen.lint.rules._helpers import is_wildcard_address
from dmvpngen.lint.view import ConfigView, Line


def _psk_lines(cfg: ConfigView) -> Iterator[tuple[Line, str, list[str]]]:
    """Every PSK line as (line, key type, words after ``address``)."""
    for line in cfg.find(r"^crypto isakmp key\s"):
        words = line.words[3:]
        ktype = "0"
        if words and words[0] in ("0", "6") and len(words) > 1 and words[1] != "address":
            ktype, words = words[0], words[1:]
        after = words[words.index("address") + 1 :] if "address" in words else []
        yield line, ktype, after
    for ring in cfg.find(r"^crypto keyring\s+\S+"):
        for line in ring.children_matching(r"^pre-shared-key\s"):
            words = line.words
            after = words[words.index("address") + 1 :] if "address" in words else []
            ktype = "0"
            if "key" in words:
                rest = words[words.index("key") + 1 :]
                if len(rest) > 1 and rest[0] in ("0", "6"):
                    ktype = rest[0]
            yield line, ktype, after
    for ring in cfg.find(r"^crypto ikev2 keyring\s+\S+"):
        for peer in ring.children_matching(r"^peer\s"):
            addr = peer.child(r"^address\s")
            after = addr.words[1:] if addr is not None else []
            for line in peer.children_matching(r"^pre-shared-key\s"):
                rest = [w for w in line.words[1:] if w not in ("local", "remote")]
                ktype = rest[0] if len(rest) > 1 and rest[0] in ("0", "6") else "0"
                yield line, ktype, after


@rule("CRY015", "psk-cleartext", Severity.HIGH)
def psk_cleartext(cfg: ConfigView) -> Iterator[Hit]:
    """Pre-shared key stored in clear text (not type 6)."""
    if cfg.has(r"^password encryption aes"):
        return  # IOS stores every PSK as type 6 once the AES master key is in use
    for line, ktype, _ in _psk_lines(cfg):
        if ktype != "6":
            yield Hit(
                line.number,
                "pre-shared key stored in clear text; enable 'password encryption aes' "
                "(type 6) with a master key",
            )


@rule("CRY016", "psk-wildcard", Severity.HIGH)
def psk_wildcard(cfg: ConfigView) -> Iterator[Hit]:
    """Pre-shared key valid for any peer address (0.0.0.0/0)."""
    dmvpn = cfg.role in ("hub", "spoke")
    for line, _, after in _psk_lines(cfg):
        if is_wildcard_address(after):
            yield Hit(
                line.number,
                "wildcard pre-shared key: any holder of the key can join"
                + ("; use certificates or per-peer keys" if dmvpn else ""),
            )

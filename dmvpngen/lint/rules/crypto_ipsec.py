"""Crypto rules, IPsec side: transform sets and PFS (CRY009-CRY013)."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Severity, rule
from dmvpngen.lint.view import ConfigView, Line

_WEAK_ESP = ("esp-des", "esp-3des", "esp-null", "esp-md5-hmac", "ah-md5-hmac", "esp-gmac")
_WEAK_PFS = {"group1", "group2", "group5", "group24"}


def _transform_sets(cfg: ConfigView) -> Iterator[tuple[Line, list[str]]]:
    """(line, transforms) for every ``crypto ipsec transform-set NAME t1 [t2 ...]``."""
    for line in cfg.find(r"^crypto ipsec transform-set\s+\S+"):
        yield line, [w.lower() for w in line.words[4:]]


def _sa_blocks(cfg: ConfigView) -> list[Line]:
    """Blocks that negotiate IPsec SAs: ipsec profiles and crypto map / dynamic-map entries."""
    blocks = cfg.find(r"^crypto ipsec profile\s+\S+")
    for entry in cfg.find(r"^crypto (map|dynamic-map)\s+\S+\s+\d+"):
        if "dynamic" in entry.words[4:] or "gdoi" in entry.words:
            continue  # a map entry that points at a dynamic map: the dynamic map is checked
        blocks.append(entry)
    return sorted(blocks, key=lambda b: b.number)


@rule("CRY009", "esp-weak-transform", Severity.HIGH)
def weak_transform(cfg: ConfigView) -> Iterator[Hit]:
    """Transform set uses a broken or null ESP/AH algorithm."""
    for line, transforms in _transform_sets(cfg):
        weak = [t for t in transforms if t in _WEAK_ESP]
        if weak:
            yield Hit(line.number, f"transform set {line.words[3]} uses {', '.join(weak)}")


@rule("CRY010", "esp-sha1-integrity", Severity.LOW)
def sha1_integrity(cfg: ConfigView) -> Iterator[Hit]:
    """Transform set uses HMAC-SHA-1 for integrity."""
    for line, transforms in _transform_sets(cfg):
        if "esp-sha-hmac" in transforms:
            yield Hit(line.number, f"transform set {line.words[3]} uses esp-sha-hmac (SHA-1)")


@rule("CRY011", "esp-cbc-not-gcm", Severity.INFO)
def cbc_not_gcm(cfg: ConfigView) -> Iterator[Hit]:
    """Transform set uses AES-CBC where AES-GCM is available."""
    for line, transforms in _transform_sets(cfg):
        if "esp-aes" in transforms and not any(t.startswith("esp-gcm") for t in transforms):
            yield Hit(line.number, f"transform set {line.words[3]} uses AES-CBC; prefer esp-gcm")


@rule("CRY012", "pfs-not-set", Severity.MEDIUM)
def pfs_missing(cfg: ConfigView) -> Iterator[Hit]:
    """IPsec profile or crypto map without perfect forward secrecy."""
    for block in _sa_blocks(cfg):
        if not block.has_child(r"^set pfs\b"):
            yield Hit(block.number, f"{block.text}: no 'set pfs' (no perfect forward secrecy)")


@rule("CRY013", "pfs-weak-group", Severity.HIGH)
def pfs_weak(cfg: ConfigView) -> Iterator[Hit]:
    """PFS with a weak DH group (1, 2, 5, 24), or a bare ``set pfs`` relying on group 1."""
    new_release = cfg.version_at_least(17, 11)
    for block in _sa_blocks(cfg):
        for line in block.children_matching(r"^set pfs\b"):
            words = line.words[2:]
            if not words:
                if new_release:
                    continue  # 17.11+ refuses group 1, so the default is no longer weak
                yield Hit(
                    line.number,
                    f"{block.text}: 'set pfs' without a group defaults to group 1 (768-bit)",
                    assumed_default=True,
                )
            elif words[0] in _WEAK_PFS:
                yield Hit(line.number, f"{block.text}: PFS {words[0]} is weak (use group19+)")

"""Crypto / IPsec rules, IKE side (CRY001-CRY008, CRY014, CRY017-CRY019).

Algorithm strength follows Cisco Next Generation Encryption and Field Notice FN72510 (weak IKE and
IPsec algorithms refused by default from IOS-XE 17.11). Fixes are never offered for algorithm
changes: the peer must change in the same window, so they are not safe to apply alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.view import ConfigView, Line

_WEAK_GROUPS = {"1", "2", "5"}


def _isakmp_policies(cfg: ConfigView) -> list[Line]:
    return cfg.find(r"^crypto isakmp policy\s+\d+")


def _ikev2_proposals(cfg: ConfigView) -> list[Line]:
    return cfg.find(r"^crypto ikev2 proposal\s+\S+")


def _values(line: Line) -> list[str]:
    """The algorithm words after the keyword: ``group 14 19`` -> ``["14", "19"]``."""
    return line.text.split()[1:]


@rule("CRY001", "ike-des-3des", Severity.HIGH)
def ike_des(cfg: ConfigView) -> Iterator[Hit]:
    """IKEv1 policy uses DES or 3DES encryption."""
    for policy in _isakmp_policies(cfg):
        for line in policy.children_matching(r"^encr(y(p(t(i(on?)?)?)?)?)?\s+(des|3des)\b"):
            algo = line.text.split()[1]
            yield Hit(line.number, f"ISAKMP {policy.text.split()[-1]}: {algo.upper()} encryption")


@rule("CRY002", "ike-md5-hash", Severity.HIGH)
def ike_md5(cfg: ConfigView) -> Iterator[Hit]:
    """IKEv1 policy uses the MD5 hash."""
    for policy in _isakmp_policies(cfg):
        for line in policy.children_matching(r"^hash\s+md5\b"):
            yield Hit(line.number, f"ISAKMP policy {policy.text.split()[-1]} hashes with MD5")


@rule("CRY003", "ike-sha1-hash", Severity.MEDIUM)
def ike_sha1(cfg: ConfigView) -> Iterator[Hit]:
    """IKEv1 policy uses SHA-1."""
    for policy in _isakmp_policies(cfg):
        for line in policy.children_matching(r"^hash\s+sha\s*$"):
            yield Hit(line.number, f"ISAKMP policy {policy.text.split()[-1]} hashes with SHA-1")


@rule("CRY004", "ike-weak-dh-group", Severity.HIGH)
def ike_weak_group(cfg: ConfigView) -> Iterator[Hit]:
    """IKE Diffie-Hellman group below 14 (1, 2 or 5)."""
    for block in (*_isakmp_policies(cfg), *_ikev2_proposals(cfg)):
        for line in block.children_matching(r"^group\s"):
            weak = [g for g in _values(line) if g in _WEAK_GROUPS]
            if weak:
                yield Hit(line.number, f"{block.text}: DH group {', '.join(weak)} (use 14 or 19+)")


@rule("CRY005", "ike-dh-group-24", Severity.MEDIUM)
def ike_group24(cfg: ConfigView) -> Iterator[Hit]:
    """IKE DH group 24 (2048-bit MODP with a 224-bit subgroup), deprecated by FN72510."""
    for block in (*_isakmp_policies(cfg), *_ikev2_proposals(cfg)):
        for line in block.children_matching(r"^group\s"):
            if "24" in _values(line):
                yield Hit(line.number, f"{block.text}: DH group 24 (use 19, 20 or 21)")


@rule("CRY006", "isakmp-policy-defaults", Severity.HIGH)
def isakmp_defaults(cfg: ConfigView) -> Iterator[Hit]:
    """ISAKMP policy without an explicit encryption or group line."""
    from dmvpngen.parse.releases import train_for

    train = train_for(cfg.ios_version)
    refused = None if train is None else train.weak_ike_defaults_refused
    for policy in _isakmp_policies(cfg):
        missing = []
        if not policy.has_child(r"^encr"):
            missing.append("encryption (default DES)")
        if not policy.has_child(r"^group\s"):
            missing.append("group (default 1)")
        if not missing:
            continue
        text = f"ISAKMP policy {policy.text.split()[-1]} has no {' or '.join(missing)}"
        if refused:
            # 17.11+ refuses DES and group 1 (FN72510): the policy is not weak but cannot work.
            yield Hit(
                policy.number,
                text + "; IOS-XE 17.11+ refuses these defaults, so the policy never matches",
                severity=Severity.MEDIUM,
                assumed_default=True,
            )
        elif refused is None:
            yield Hit(
                policy.number,
                text + " (depends on release: negotiated before IOS-XE 17.11, refused from it; "
                "weak or unusable either way)",
                assumed_default=True,
            )
        else:
            yield Hit(policy.number, text, assumed_default=True)


@rule("CRY007", "ikev2-weak-proposal", Severity.HIGH)
def ikev2_weak(cfg: ConfigView) -> Iterator[Hit]:
    """IKEv2 proposal offers DES/3DES encryption or MD5/SHA-1 integrity."""
    for proposal in _ikev2_proposals(cfg):
        for line in proposal.children_matching(r"^encryption\s"):
            weak = [a for a in _values(line) if a in ("des", "3des")]
            if weak:
                yield Hit(line.number, f"{proposal.text}: encryption {' '.join(weak)}")
        for line in proposal.children_matching(r"^integrity\s"):
            weak = [a for a in _values(line) if a in ("md5", "sha1", "sha")]
            if weak:
                yield Hit(line.number, f"{proposal.text}: integrity {' '.join(weak)}")


@rule("CRY008", "ikev2-default-proposal", Severity.LOW)
def ikev2_defaults(cfg: ConfigView) -> Iterator[Hit]:
    """IKEv2 profile in use while the proposal or policy is left to the IOS default."""
    profile = cfg.first(r"^crypto ikev2 profile\s+\S+")
    if profile is None:
        return
    missing = [
        word
        for word, pattern in (
            ("proposal", r"^crypto ikev2 proposal\s"),
            ("policy", r"^crypto ikev2 policy\s"),
        )
        if not cfg.has(pattern)
    ]
    if missing:
        yield Hit(
            profile.number,
            f"no crypto ikev2 {' or '.join(missing)} defined: IOS negotiates its default "
            "proposal set",
            assumed_default=True,
        )


@rule("CRY014", "isakmp-aggressive-mode", Severity.MEDIUM)
def aggressive_mode(cfg: ConfigView) -> Iterator[Hit]:
    """IKEv1 in use and aggressive mode not disabled."""
    policies = _isakmp_policies(cfg)
    if policies and not cfg.has(r"^crypto isakmp aggressive-mode disable"):
        yield Hit(
            policies[0].number,
            "IKEv1 is configured and aggressive mode (identity sent in clear) is not disabled",
            fix=("crypto isakmp aggressive-mode disable",),
            assumed_default=True,
        )


@rule("CRY017", "compliance-shield-disabled", Severity.HIGH)
def compliance_shield(cfg: ConfigView) -> Iterator[Hit]:
    """Weak crypto re-enabled with ``crypto engine compliance shield disable``."""
    for line in cfg.find(r"^crypto engine compliance shield disable\s*$"):
        yield Hit(
            line.number,
            "the crypto compliance shield is disabled: weak algorithms refused since "
            "IOS-XE 17.11 are accepted again",
        )


@rule("CRY018", "ikev1-in-use", Severity.INFO)
def ikev1_used(cfg: ConfigView) -> Iterator[Hit]:
    """IKEv1 is configured (IKEv2 is preferred)."""
    policies = _isakmp_policies(cfg)
    if policies:
        yield Hit(policies[0].number, "IKEv1 (ISAKMP) is configured; prefer IKEv2")


@rule("CRY019", "psk-authentication", Severity.INFO, Role.HUB)
def psk_auth(cfg: ConfigView) -> Iterator[Hit]:
    """Hub authenticates peers with pre-shared keys rather than certificates."""
    for policy in _isakmp_policies(cfg):
        for line in policy.children_matching(r"^authentication\s+pre-share"):
            yield Hit(line.number, f"ISAKMP policy {policy.text.split()[-1]} uses pre-shared keys")
    for profile in cfg.find(r"^crypto ikev2 profile\s+\S+"):
        for line in profile.children_matching(r"^authentication\s+(local|remote)\s+pre-share"):
            yield Hit(line.number, f"{profile.text}: {line.text}")

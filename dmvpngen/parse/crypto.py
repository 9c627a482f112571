"""IKEv1 / IKEv2 / IPsec objects of a router (``crypto ...`` blocks)."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network

from dmvpngen.parse.facts import (
    Device,
    Ikev2Policy,
    Ikev2Profile,
    Ikev2Proposal,
    IpsecProfile,
    IsakmpPolicy,
    IsakmpProfile,
    Psk,
    TransformSet,
)
from dmvpngen.parse.tree import Node, lower_words, words

__all__ = ["parse_crypto_line", "psk_network"]


def psk_network(addr: str, mask: str | None) -> IPv4Network | IPv6Network | None:
    """The peers a key applies to: ``0.0.0.0`` alone is the wildcard, a bare address is a /32;
    IPv6 peers as ``<prefix>/<len>`` (``::/0`` the wildcard; IKEv2 keyring ``address``)."""
    if ":" in addr:
        try:
            return IPv6Network(addr, strict=False)
        except ValueError:
            return None
    try:
        if mask is None or not mask[0].isdigit():
            return IPv4Network("0.0.0.0/0") if addr == "0.0.0.0" else IPv4Network(f"{addr}/32")
        return IPv4Network(f"{addr}/{mask}", strict=False)
    except ValueError:
        return None


def _key_after(w: list[str], i: int) -> str:
    """The key text at ``w[i]``, skipping an encryption type digit ('key 6 XXXX')."""
    if i + 1 < len(w) and w[i] in {"0", "6", "7"}:
        return w[i + 1]
    return w[i] if i < len(w) else ""


def parse_crypto_line(device: Device, node: Node, w: list[str]) -> None:
    """Dispatch one top-level ``crypto`` block (``w``: the words of ``node``)."""
    low = lower_words(node.text)
    c = device.crypto
    if low[1:3] == ["isakmp", "policy"] and len(w) > 3:
        c.isakmp_policies.append(_isakmp_policy(node, int(w[3]) if w[3].isdigit() else 0))
    elif low[1:3] == ["isakmp", "key"] and "address" in low:
        i = low.index("address")
        mask = w[i + 2] if i + 2 < len(w) else None
        net = psk_network(w[i + 1], mask) if i + 1 < len(w) else None
        c.psks.append(Psk(_key_after(w, 3), net, node.line))
    elif low[1] == "keyring" and len(w) > 2:
        vrf = w[4] if len(w) > 4 and low[3] == "vrf" else None
        for child in node.children:
            cw = words(child.text)
            cl = lower_words(child.text)
            if cl[:2] == ["pre-shared-key", "address"] and "key" in cl:
                k = cl.index("key")
                mask = cw[3] if k > 3 else None
                c.psks.append(
                    Psk(_key_after(cw, k + 1), psk_network(cw[2], mask), child.line, w[2], vrf)
                )
            elif cl[:1] == ["pre-shared-key"] and "key" in cl:
                c.psks.append(Psk(_key_after(cw, cl.index("key") + 1), None, child.line, w[2], vrf))
    elif low[1:3] == ["ikev2", "keyring"] and len(w) > 3:
        c.ikev2_keyrings[w[3]] = _ikev2_keyring(node, w[3])
    elif low[1:3] == ["ikev2", "proposal"] and len(w) > 3:
        c.ikev2_proposals[w[3]] = _ikev2_proposal(node, w[3])
    elif low[1:3] == ["ikev2", "policy"] and len(w) > 3:
        pol = Ikev2Policy(w[3], node.line)
        for child in node.children:
            cw = words(child.text)
            if cw[0].lower() == "proposal":
                pol.proposals.extend(cw[1:])
            elif [x.lower() for x in cw[:2]] == ["match", "fvrf"] and len(cw) > 2:
                pol.fvrf = cw[2]
        c.ikev2_policies.append(pol)
    elif low[1:3] == ["ikev2", "profile"] and len(w) > 3:
        c.ikev2_profiles[w[3]] = _ikev2_profile(node, w[3])
    elif low[1:3] == ["isakmp", "profile"] and len(w) > 3:
        prof = IsakmpProfile(w[3], node.line)
        for child in node.children:
            cw = words(child.text)
            cl = lower_words(child.text)
            if cl[0] == "keyring" and len(cw) > 1:
                prof.keyrings.append(cw[1])
            elif cl[:3] == ["match", "identity", "address"] and len(cw) > 4:
                prof.vrf = cw[-1] if not cw[-1][0].isdigit() else None
            elif cl[0] == "vrf" and len(cw) > 1:
                prof.vrf = cw[1]
            elif cl[:2] == ["ca", "trust-point"] and len(cw) > 2:
                prof.trustpoint = cw[2]
        c.isakmp_profiles[w[3]] = prof
    elif low[1:3] == ["ipsec", "transform-set"] and len(w) > 3:
        ts = TransformSet(w[3], node.line, tuple(x.lower() for x in w[4:]))
        for child in node.children:
            cw = lower_words(child.text)
            if cw[0] == "mode" and len(cw) > 1:
                ts.mode, ts.mode_line = cw[1], child.line
        c.transform_sets[w[3]] = ts
    elif low[1:3] == ["ipsec", "profile"] and len(w) > 3:
        c.ipsec_profiles[w[3]] = _ipsec_profile(node, w[3])


def _isakmp_policy(node: Node, priority: int) -> IsakmpPolicy:
    pol = IsakmpPolicy(priority, node.line)
    for child in node.children:
        cw = lower_words(child.text)
        if cw[0] in {"encr", "encryption"} and len(cw) > 1:
            pol.encryption = "-".join(cw[1:3]) if cw[1] == "aes" else cw[1]
        elif cw[0] == "hash" and len(cw) > 1:
            pol.hash = cw[1]
        elif cw[0] == "authentication" and len(cw) > 1:
            pol.authentication = cw[1]
        elif cw[0] == "group" and len(cw) > 1 and cw[1].isdigit():
            pol.group = int(cw[1])
        elif cw[0] == "lifetime" and len(cw) > 1 and cw[1].isdigit():
            pol.lifetime = int(cw[1])
    if pol.encryption == "aes":
        pol.encryption = "aes-128"
    return pol


def _ikev2_keyring(node: Node, name: str) -> list[Psk]:
    out: list[Psk] = []
    for peer in node.children:
        pw = words(peer.text)
        net: IPv4Network | IPv6Network | None = None
        identity: str | None = None
        keys: dict[str, tuple[str, int]] = {}
        for child in peer.children:
            cw = words(child.text)
            cl = lower_words(child.text)
            if cl[0] == "address" and len(cw) > 1:
                net = psk_network(cw[1], cw[2] if len(cw) > 2 else None)
            elif cl[0] == "identity" and len(cw) > 2:
                identity = f"{cl[1]} {cw[2]}"
            elif cl[0] == "pre-shared-key" and len(cw) > 1:
                side = cl[1] if cl[1] in {"local", "remote"} else "both"
                keys[side] = (_key_after(cw, 2 if side != "both" else 1), child.line)
        remote = keys.get("remote") or keys.get("both")
        local = keys.get("local") or keys.get("both")
        if remote is None and local is None:
            continue
        key, line = remote or local or ("", peer.line)
        own = local[0] if local is not None and local[0] != key else None
        peer_name = pw[1] if len(pw) > 1 else None
        out.append(Psk(key, net, line, name, None, own, peer_name, identity))
    return out


def _ikev2_proposal(node: Node, name: str) -> Ikev2Proposal:
    prop = Ikev2Proposal(name, node.line)
    for child in node.children:
        cw = lower_words(child.text)
        if cw[0] == "encryption":
            prop.encryption.extend(cw[1:])
        elif cw[0] == "integrity":
            prop.integrity.extend(cw[1:])
        elif cw[0] == "prf":
            prop.prf.extend(cw[1:])
        elif cw[0] == "group":
            prop.groups.extend(int(g) for g in cw[1:] if g.isdigit())
    return prop


def _ikev2_profile(node: Node, name: str) -> Ikev2Profile:
    prof = Ikev2Profile(name, node.line)
    for child in node.children:
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[0] == "keyring" and len(cw) > 1:
            prof.keyring = cw[2] if cl[1] == "local" and len(cw) > 2 else cw[1]
        elif cl[:2] == ["authentication", "local"] and len(cw) > 2:
            prof.auth_local.append(cl[2])
        elif cl[:2] == ["authentication", "remote"] and len(cw) > 2:
            prof.auth_remote.append(cl[2])
        elif cl[:2] == ["match", "fvrf"] and len(cw) > 2:
            prof.fvrf = cw[2]
        elif cl[:2] == ["pki", "trustpoint"] and len(cw) > 2:
            prof.trustpoint = cw[2]
        elif cl[:2] == ["identity", "local"] and len(cw) > 2:
            prof.identity = cl[2]
    return prof


def _ipsec_profile(node: Node, name: str) -> IpsecProfile:
    prof = IpsecProfile(name, node.line)
    for child in node.children:
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[:2] == ["set", "transform-set"]:
            prof.transform_sets.extend(cw[2:])
        elif cl[:2] == ["set", "ikev2-profile"] and len(cw) > 2:
            prof.ikev2_profile = cw[2]
        elif cl[:2] == ["set", "isakmp-profile"] and len(cw) > 2:
            prof.isakmp_profile = cw[2]
        elif cl[:2] == ["set", "pfs"]:
            prof.pfs = cl[2] if len(cl) > 2 else "group1"
            prof.pfs_line = child.line
    return prof

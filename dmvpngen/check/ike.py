"""IKE / IPsec negotiation between two tunnel endpoints, from their configs alone.

A tunnel's crypto is reduced to a :class:`CryptoContext` (hashable, keys included), so spokes
with identical crypto share one context and the spoke x spoke analysis compares groups, not
every pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from dmvpngen.parse.facts import Device, Psk, Tunnel

__all__ = ["DEFAULT_V2", "CryptoContext", "Verdict", "compare", "context_for"]

# IKEv2 with no 'crypto ikev2 policy' uses the default policy and default proposal.
DEFAULT_V2 = frozenset({("default", "default", 0)})


@dataclass(frozen=True)
class CryptoContext:
    """Everything that decides whether IKE and IPsec come up with a peer."""

    protected: bool
    profile: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)
    version: int = 1
    suites: frozenset[tuple[str, str, int]] = frozenset()
    auth: str = "pre-share"
    transforms: frozenset[tuple[str, ...]] = frozenset()
    modes: frozenset[str] = frozenset()
    pfs: str | None = None
    keys: tuple[tuple[IPv4Network | IPv6Network | None, str], ...] = ()
    own_keys: tuple[str, ...] = ()  # per key entry: the key this router signs with
    errors: tuple[str, ...] = ()
    key_lines: tuple[int, ...] = field(default=(), compare=False)

    @property
    def wildcard_only(self) -> bool:
        """Keys do not depend on the peer's address (only 0.0.0.0/0 entries)."""
        return all(net is not None and net.prefixlen == 0 for net, _ in self.keys)

    def key_for(
        self, peer: IPv4Address | IPv6Address | None, own: bool = False
    ) -> tuple[str, int] | str | None:
        """Longest-prefix PSK for ``peer``; "unknown" when the peer address is not known.

        The key that checks the peer, or with ``own`` the key this router signs with (they
        differ with IKEv2 'pre-shared-key local/remote').
        """
        best: tuple[int, str, int] | None = None
        owns = self.own_keys or tuple(k for _, k in self.keys)
        for (net, verify), mine, line in zip(self.keys, owns, self.key_lines, strict=True):
            key = mine if own else verify
            if net is None:
                continue
            if peer is None:
                if net.prefixlen == 0:
                    best = (0, key, line)
                continue
            if peer in net and (best is None or net.prefixlen > best[0]):
                best = (net.prefixlen, key, line)
        if best is None:
            return "unknown" if peer is None and self.keys else None
        return best[1], best[2]


def _psks(device: Device, tun: Tunnel, ike_profile: str | None, version: int) -> list[Psk]:
    c = device.crypto
    if version == 2:
        prof = c.ikev2_profiles.get(ike_profile or "")
        return list(c.ikev2_keyrings.get(prof.keyring or "", [])) if prof else []
    if ike_profile and ike_profile in c.isakmp_profiles:
        rings = set(c.isakmp_profiles[ike_profile].keyrings)
        return [p for p in c.psks if p.keyring in rings]
    vrf = tun.tunnel_vrf
    return [
        p for p in c.psks if (p.keyring is None and vrf is None) or (p.keyring and p.vrf == vrf)
    ]


def context_for(device: Device, tun: Tunnel) -> CryptoContext:
    """The crypto context of ``tun`` on ``device``."""
    if tun.protection is None:
        return CryptoContext(False)
    c = device.crypto
    errors: list[str] = []
    prof = c.ipsec_profiles.get(tun.protection)
    if prof is None:
        return CryptoContext(
            True,
            tun.protection,
            tun.protection_line,
            errors=(f"ipsec profile {tun.protection} is not defined",),
        )
    sets = []
    for name in prof.transform_sets:
        ts = c.transform_sets.get(name)
        if ts is None:
            errors.append(f"transform-set {name} is not defined")
        else:
            sets.append(ts)
    if not prof.transform_sets:
        errors.append(f"ipsec profile {prof.name} sets no transform-set")
    version = 2 if prof.ikev2_profile else 1
    ike_profile = prof.ikev2_profile or prof.isakmp_profile
    if version == 2:
        v2prof = c.ikev2_profiles.get(prof.ikev2_profile or "")
        if v2prof is None:
            errors.append(f"ikev2 profile {prof.ikev2_profile} is not defined")
        auth = ",".join(sorted(set(v2prof.auth_local + v2prof.auth_remote))) if v2prof else ""
        suites = _v2_suites(device, tun)
    else:
        suites = frozenset((p.encryption, p.hash, p.group) for p in c.isakmp_policies)
        auths = {p.authentication for p in c.isakmp_policies}
        auth = ",".join(sorted(auths)) or "pre-share"
        if not c.isakmp_policies:
            # IOS default ISAKMP policies exist, but a config without any is almost always a fault
            suites = frozenset({("default", "default", 0)})
    psks = sorted(
        _psks(device, tun, ike_profile, version), key=lambda p: (str(p.network), p.key, p.line)
    )
    return CryptoContext(
        protected=True,
        profile=prof.name,
        line=tun.protection_line,
        version=version,
        suites=suites,
        auth=auth,
        transforms=frozenset(ts.transforms for ts in sets),
        modes=frozenset(ts.mode for ts in sets),
        pfs=prof.pfs,
        keys=tuple((p.network, p.key) for p in psks),
        own_keys=tuple(p.own for p in psks),
        errors=tuple(errors),
        key_lines=tuple(p.line for p in psks),
    )


def _v2_suites(device: Device, tun: Tunnel) -> frozenset[tuple[str, str, int]]:
    c = device.crypto
    vrf = tun.tunnel_vrf
    policies = [
        p
        for p in c.ikev2_policies
        if p.fvrf in {None, "any", vrf} or (vrf is None and p.fvrf == "global")
    ]
    if not policies:
        return DEFAULT_V2
    out: set[tuple[str, str, int]] = set()
    for pol in policies:
        for pname in pol.proposals:
            prop = c.ikev2_proposals.get(pname)
            if prop is None:
                continue
            integ = prop.integrity or prop.prf
            for enc in prop.encryption:
                for h in integ:
                    for g in prop.groups:
                        out.add((enc, h, g))
    return frozenset(out)


@dataclass(frozen=True)
class Verdict:
    """Outcome of a negotiation: ok True/False/None (unknown) and coded reasons."""

    ok: bool | None
    reasons: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """Reasons joined for a report cell."""
        return "; ".join(r for _, r in self.reasons) or ("IKE/IPsec agree" if self.ok else "")


def compare(
    a: CryptoContext,
    a_nbma: IPv4Address | IPv6Address | None,
    b: CryptoContext,
    b_nbma: IPv4Address | IPv6Address | None,
) -> Verdict:
    """Will IKE and IPsec come up between A and B (either may initiate)?"""
    if not a.protected and not b.protected:
        return Verdict(True, (("NET028", "no IPsec on either side"),))
    if a.protected != b.protected:
        side = "A" if a.protected else "B"
        return Verdict(False, (("NET025", f"only {side} protects the tunnel"),))
    fails: list[tuple[str, str]] = []
    soft: list[tuple[str, str]] = []
    if a.errors or b.errors:
        fails.append(("NET027", "; ".join(a.errors + b.errors)))
    if a.version != b.version:
        return Verdict(False, (("NET026", f"IKEv{a.version} vs IKEv{b.version}"),))
    if not a.suites & b.suites:
        fails.append(("NET020", "no common IKE proposal"))
    if a.auth != b.auth:
        fails.append(("NET029", f"authentication {a.auth} vs {b.auth}"))
    unknown = False
    if "pre-share" in a.auth:
        ka, kb = a.key_for(b_nbma), b.key_for(a_nbma)
        oa, ob = a.key_for(b_nbma, own=True), b.key_for(a_nbma, own=True)
        if ka is None or kb is None:
            who = "A" if ka is None else "B"
            fails.append(("NET021", f"{who} has no pre-shared key for its peer's address"))
        elif "unknown" in (ka, kb, oa, ob):
            unknown = True
        elif (oa, ob) == (ka, kb) and ka[0] != kb[0]:
            fails.append(("NET021", "pre-shared keys differ"))
        elif isinstance(oa, tuple) and isinstance(ob, tuple) and (oa[0], ob[0]) != (kb[0], ka[0]):
            side = (
                "A's own key is not what B expects"
                if oa[0] != kb[0]
                else ("B's own key is not what A expects")
            )
            fails.append(("NET021", f"pre-shared keys differ ({side}: local/remote keys)"))
    if not a.transforms & b.transforms:
        fails.append(("NET022", "no common transform set"))
    if a.modes and b.modes and not a.modes & b.modes:
        soft.append(("NET023", f"mode {'/'.join(sorted(a.modes))} vs {'/'.join(sorted(b.modes))}"))
    if a.pfs != b.pfs:
        if a.pfs and b.pfs:
            fails.append(("NET024", f"PFS {a.pfs} vs {b.pfs}"))
        else:
            soft.append(
                (
                    "NET024",
                    f"PFS {a.pfs or 'off'} vs {b.pfs or 'off'}: fails when the side without PFS "
                    "initiates",
                )
            )
    if fails:
        return Verdict(False, tuple(fails + soft))
    return Verdict(None if unknown else True, tuple(soft))

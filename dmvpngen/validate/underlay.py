"""The underlay: WAN transports, front-door VRFs, shared tunnel sources, NAT and MTU.

dmvpn-reference §4 (several tunnels on one source) and §5 (FVRF, dynamic WAN, NAT).
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import CryptoProfile, Inventory, Router
from dmvpngen.model.loader import Locator
from dmvpngen.validate.addressing import wan_path

__all__ = ["check", "tunnel_overhead"]

PathT = tuple[str | int, ...]

# ESP per-packet overhead: (IV, worst-case padding incl. pad length/next header, ICV).
_ESP_CIPHER = {"esp-gcm": (8, 5, 16), "esp-aes": (16, 17, 0), "esp-3des": (8, 9, 0)}
_ESP_ICV = {
    "esp-sha512-hmac": 32,
    "esp-sha384-hmac": 24,
    "esp-sha256-hmac": 16,
    "esp-sha-hmac": 12,
    "esp-md5-hmac": 12,
}


# GRE over IPv6: the outer header is 40 bytes where IPv4's is 20
_IPV6_HEADER_EXTRA = 20


def tunnel_overhead(profile: CryptoProfile, keyed: bool) -> int:
    """Bytes GRE + IPsec add to a tunnel packet in the worst case (NAT-T included).

    Outer IP 20, GRE 4 (+4 with a key), ESP header 8, IV, padding, ICV, UDP 8 for NAT-T and a
    further 20 for ESP tunnel mode.
    """
    cipher = profile.esp_encryption.split()[0]
    iv, pad, icv = _ESP_CIPHER.get(cipher, (16, 17, 0))
    icv += _ESP_ICV.get(profile.esp_integrity or "", 0)
    total = 20 + 4 + (4 if keyed else 0) + 8 + iv + pad + icv + 8
    return total + (20 if profile.mode == "tunnel" else 0)


def _routers(inv: Inventory) -> list[tuple[str, int, Router]]:
    return [("hubs", i, r) for i, r in enumerate(inv.hubs)] + [
        ("spokes", i, r) for i, r in enumerate(inv.spokes)
    ]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Underlay problems."""
    yield from _wans(inv, loc)
    yield from _shared_sources(inv, loc)
    yield from _nat_and_mtu(inv, loc)


def _wans(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    for kind, i, router in _routers(inv):
        wans = router.wans
        names: dict[str, int] = {}
        pools: set[int] = set()
        for j, wan in enumerate(wans):
            for name in dict.fromkeys((wan.interface, wan.source_interface)):
                if name in names or name in {lan.interface for lan in router.lan}:
                    yield loc.problem(
                        (*wan_path(kind, i, j), "interface"),
                        f"interface {name} of '{router.name}' is used twice",
                        "every WAN, dialer and LAN needs its own interface",
                    )
                names.setdefault(name, j)
            if wan.pppoe is not None:
                pool = wan.pppoe.dial_pool
                if pool in pools:
                    yield loc.problem(
                        (*wan_path(kind, i, j), "pppoe", "dial_pool"),
                        f"dial pool {pool} of '{router.name}' is used by two PPPoE WANs",
                        "give each PPPoE WAN its own dial_pool (and dialer)",
                    )
                pools.add(pool)
        with_vrf = [w.vrf is not None for w in wans]
        if any(with_vrf) and not all(with_vrf):
            yield loc.problem(
                (kind, i, "extra_wans"),
                f"'{router.name}' has WANs both inside and outside front-door VRFs",
                "put every WAN in its own VRF (one per ISP) or none of them",
            )
        if len(wans) > 1:
            transports: dict[str | None, int] = {}
            vrfs: dict[str | None, int] = {}
            for j, wan in enumerate(wans):
                path = wan_path(kind, i, j)
                if wan.transport is None or wan.transport in transports:
                    yield loc.problem(
                        (*path, "transport"),
                        f"each WAN of '{router.name}' needs its own 'transport' name",
                        "name the ISP (transport: INET-A) and set the same 'transport' on the "
                        "cloud it carries",
                    )
                if wan.vrf is None or wan.vrf in vrfs:
                    yield loc.problem(
                        (*path, "vrf"),
                        f"each WAN of '{router.name}' needs its own front-door VRF",
                        "two default routes in one table make tunnels leave by the wrong ISP: "
                        "use one 'vrf' per WAN",
                    )
                transports.setdefault(wan.transport, j)
                vrfs.setdefault(wan.vrf, j)
        used = set()
        # a router with one unlabelled WAN reaches every transport through it (the Internet)
        flexible = len(wans) == 1 and wans[0].transport is None
        for cloud in inv.router_clouds(router):
            if (
                cloud.transport is not None
                and not flexible
                and all(w.transport != cloud.transport for w in wans)
            ):
                yield loc.problem(
                    (kind, i, "wan", "transport"),
                    f"cloud '{cloud.name}' runs over transport '{cloud.transport}' but "
                    f"'{router.name}' has no WAN with that transport",
                    f"add a WAN with 'transport: {cloud.transport}' or leave the cloud",
                )
            used.add(id(inv.wan_for(router, cloud)))
        for j, wan in enumerate(wans):
            if id(wan) not in used and j > 0:
                yield loc.problem(
                    wan_path(kind, i, j),
                    f"WAN {wan.interface} of '{router.name}' carries no cloud",
                    "set 'transport' on a cloud to the WAN's transport name",
                    severity="warning",
                )


def _shared_sources(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Tunnels sharing one source need one profile (shared) and distinct keys (§4)."""
    index = {c.name: j for j, c in enumerate(inv.clouds)}
    reported: set[tuple[str, int]] = set()
    for _kind, _i, router in _routers(inv):
        groups: dict[tuple[str | None, str], list[int]] = {}
        for cloud in inv.router_clouds(router):
            wan = inv.wan_for(router, cloud)
            groups.setdefault((wan.vrf, wan.source_interface), []).append(index[cloud.name])
        for (_vrf, source), members in groups.items():
            if len(members) < 2:
                continue
            first = inv.clouds[members[0]]
            keys: dict[int, str] = {}
            for j in members:
                cloud = inv.clouds[j]
                if cloud.crypto != first.crypto and ("crypto", j) not in reported:
                    reported.add(("crypto", j))
                    yield loc.problem(
                        ("clouds", j, "crypto"),
                        f"clouds '{first.name}' and '{cloud.name}' share tunnel source {source} "
                        f"on '{router.name}' but use different crypto profiles",
                        "tunnels on one source share one IPsec profile ('shared'): use the same "
                        "'crypto', or source them from different WANs",
                    )
                if cloud.tunnel_key is None:
                    if ("key", j) not in reported:
                        reported.add(("key", j))
                        yield loc.problem(
                            ("clouds", j, "tunnel_key"),
                            f"cloud '{cloud.name}' shares tunnel source {source} on "
                            f"'{router.name}' with another cloud but has no tunnel key",
                            "give every cloud on a shared source its own 'tunnel_key'",
                        )
                elif cloud.tunnel_key in keys and ("key", j) not in reported:
                    reported.add(("key", j))
                    yield loc.problem(
                        ("clouds", j, "tunnel_key"),
                        f"clouds '{keys[cloud.tunnel_key]}' and '{cloud.name}' share tunnel "
                        f"source {source} on '{router.name}' and tunnel key {cloud.tunnel_key}",
                        "GRE demultiplexes tunnels on one source by key (IOS wants a unique "
                        "source and key per mGRE tunnel): make the keys distinct, or, where "
                        "clouds share a network-id and so need one key, source the tunnels from "
                        "different WANs (extra_wans with 'transport', clouds[].transport)",
                    )
                else:
                    keys.setdefault(cloud.tunnel_key, cloud.name)


def _nat_and_mtu(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """NAT needs transport mode; tunnel MTU plus overhead must fit the underlay (PPPoE 1492)."""
    nat_profiles: dict[str, str] = {}
    reported: set[tuple[int, int]] = set()
    for j, cloud in enumerate(inv.clouds):
        profile = inv.crypto_profiles.get(cloud.crypto)
        members: list[Router] = [
            *inv.cloud_hubs(cloud),
            *inv.cloud_uplink_hubs(cloud),
            *inv.cloud_spokes(cloud),
        ]
        for router in members:
            wan = inv.wan_for(router, cloud)
            if wan.nat_kind is not None:
                nat_profiles.setdefault(cloud.crypto, router.name)
            if profile is None:
                continue
            need = cloud.mtu + tunnel_overhead(profile, cloud.tunnel_key is not None)
            if cloud.transport_family == "ipv6":
                need += _IPV6_HEADER_EXTRA
            if need > wan.underlay_mtu and (j, wan.underlay_mtu) not in reported:
                reported.add((j, wan.underlay_mtu))
                room = wan.underlay_mtu - need + cloud.mtu
                yield loc.problem(
                    ("clouds", j, "mtu"),
                    f"tunnel MTU {cloud.mtu} of cloud '{cloud.name}' plus up to "
                    f"{need - cloud.mtu} bytes of GRE/IPsec does not fit the "
                    f"{wan.underlay_mtu}-byte underlay of '{router.name}' ({wan.source_interface})",
                    f"lower the cloud's mtu to {room} or less (and mss to mtu - 40)",
                )
    for key, router_name in sorted(nat_profiles.items()):
        profile = inv.crypto_profiles.get(key)
        if profile is not None and profile.mode != "transport":
            yield loc.problem(
                ("crypto_profiles", key, "mode"),
                f"'{router_name}' sits behind NAT but crypto profile '{key}' uses tunnel mode",
                "DMVPN through NAT needs ESP transport mode: set mode: transport",
            )
    for key, profile in sorted(inv.crypto_profiles.items()):
        if profile.ike_version != 1:
            continue
        users = [c for c in inv.clouds if c.crypto == key]
        if any(
            inv.wan_for(r, c).vrf is not None
            for c in users
            for r in (*inv.cloud_hubs(c), *inv.cloud_spokes(c), *inv.cloud_uplink_hubs(c))
        ):
            yield loc.problem(
                ("crypto_profiles", key, "ike_version"),
                f"crypto profile '{key}' uses IKEv1 with a front-door VRF",
                "use IKEv2 (ike_version: 2): its profile and policy carry 'match fvrf'",
            )

"""The IOS command line of a simulated router: exec and config modes, rollback, show commands."""

from __future__ import annotations

import re

from tests.fakeios import ipv6
from tests.fakeios.banners import BannerInput, start_banner, store_banner
from tests.fakeios.config import Node, is_opener
from tests.fakeios.keys import GENERATE
from tests.fakeios.router import FakeRouter

__all__ = ["DropConnection", "IOSShell"]

INVALID = "% Invalid input detected at '^' marker."
_MODE_NAMES = {
    "interface": "config-if",
    "router": "config-router",
    "crypto ikev2 proposal": "config-ikev2-proposal",
    "crypto ikev2 policy": "config-ikev2-policy",
    "crypto ikev2 keyring": "config-ikev2-keyring",
    "crypto ikev2 profile": "config-ikev2-profile",
    "peer": "config-ikev2-keyring-peer",
    "crypto ipsec transform-set": "cfg-crypto-trans",
    "crypto ipsec profile": "ipsec-profile",
    "address-family": "config-router-af",
    "line": "config-line",
}
_DMVPN_LEGEND = """Legend: Attrb --> S - Static, D - Dynamic, I - Incomplete
        N - NATed, L - Local, X - No Socket
        T1 - Route Installed, T2 - Nexthop-override
        C - CTS Capable
        # Ent --> Number of NHRP entries with same NBMA peer
        NHS Status: E --> Expecting Replies, R --> Responding, W --> Waiting
        UpDn Time --> Up or Down Time for a Tunnel
=========================================================================="""


class DropConnection(Exception):
    """The router closes the SSH session (simulated crash or cut path)."""


class IOSShell:
    """One CLI session on ``router``; :meth:`handle` returns the output of one line."""

    def __init__(self, router: FakeRouter) -> None:
        self.router = router
        self.stack: list[Node] = []  # empty = exec mode; [root, ...] = config mode
        self.closed = False
        self.banner: BannerInput | None = None  # text mode of a multi-line banner

    @property
    def prompt(self) -> str:
        """The prompt the router prints now."""
        name = self.router.hostname
        if self.banner is not None:  # text mode prints no prompt
            return ""
        if not self.stack:
            return f"{name}#"
        if len(self.stack) == 1:
            return f"{name}(config)#"
        head = self.stack[-1].text
        mode = next(
            (
                m
                for k, m in sorted(_MODE_NAMES.items(), key=lambda kv: -len(kv[0]))
                if head.startswith(k)
            ),
            "config-sub",
        )
        return f"{name}({mode})#"

    def handle(self, line: str) -> str:
        """Run one typed line."""
        if self.banner is not None:
            return self._banner_text(line)
        text = line.strip()
        if not text:
            return ""
        if self.stack:
            return self._config(text)
        return self._exec(text)

    # -- exec mode ---------------------------------------------------------------------------
    def _exec(self, text: str) -> str:
        router = self.router
        if text in ("exit", "logout", "quit"):
            self.closed = True
            return ""
        if text.startswith("terminal ") or text == "enable":
            return ""
        if text in ("configure terminal", "conf t", "config t"):
            self._enter_config()
            return "Enter configuration commands, one per line.  End with CNTL/Z."
        match = re.fullmatch(r"configure terminal revert timer (\d+)", text)
        if match:
            if router.require_archive and not router.archive_ready():
                return "% Configuration archive is not enabled"
            router.start_revert_timer(int(match[1]))
            self._enter_config()
            return "Enter configuration commands, one per line.  End with CNTL/Z."
        if text == "configure confirm":
            return "" if router.confirm() else "% No Rollback Confirmed Change pending"
        if text == "configure revert now":
            if router.revert_broken:
                router.confirm()
                return "Rollback Done"
            return "Rollback Done" if router.revert() else "% No Rollback Confirmed Change pending"
        if text in ("write memory", "write", "copy running-config startup-config"):
            if router.save_fails:
                return "Building configuration...\n% Error opening nvram:startup-config"
            router.startup = router.config_text()
            router.saves += 1
            return "Building configuration...\n[OK]"
        if text in ("show running-config", "show run"):
            return router.show_running()
        if text == "show version":
            return router.show_version()
        keys = re.fullmatch(r"show crypto key mypubkey rsa(?: (\S+))?", text)
        if keys is not None:
            return router.keys.show(keys[1])
        vrf = re.fullmatch(
            r"show ip (?:eigrp vrf (\S+) neighbors|bgp vpnv4 vrf (\S+) summary)", text
        )
        if vrf is not None:
            # the simulated router answers for a VRF only when it has one of that name
            name = vrf[1] or vrf[2]
            if f"vrf definition {name}" not in router.show_running():
                return f"% VRF {name} not configured"
            if vrf[2]:
                return self.show_bgp(in_vrf=True)
            text = "show ip eigrp neighbors"
        show = _SHOWS.get(text)
        if show is not None:
            return show(self)
        return INVALID

    def _enter_config(self) -> None:
        self.router.config_sessions += 1
        self.stack = [self.router.running]

    # -- config mode -------------------------------------------------------------------------
    def _config(self, text: str) -> str:
        router = self.router
        if text == "end":
            self.stack = []
            return ""
        if text == "exit":
            self.stack.pop()
            return ""
        router.config_log.append((text, router.snapshot is not None))
        if router.drop_on and re.search(router.drop_on, text):
            router.drop_on = None  # once: a reconnect finds a working router
            raise DropConnection(text)
        if any(re.search(p, text) for p in router.rejected) or not _sane(text):
            marker = " " * (len(self.prompt) + min(len(text) - 1, text.find(" ") + 1)) + "^"
            return f"{marker}\n{INVALID}\n"
        if router.keys.pending_replace is not None:
            return router.keys.answer(text)
        banner = start_banner(text)
        if isinstance(banner, BannerInput):
            self.banner = banner
            return f"Enter TEXT message.  End with the character '{banner.delim}'."
        if banner is not None:
            with router.network.lock:
                store_banner(router.running, *banner)
            return ""
        generate = GENERATE.match(text)
        if generate is not None:  # a command, not configuration: never in the running config
            label = generate[1] or f"{router.hostname}.dmvpn.example"
            return router.keys.generate(label, int(generate[2] or 1024))
        # A config session edits the live tree (the router root may have been replaced by a
        # revert since the session entered config mode).
        if self.stack[0] is not router.running:
            self.stack = [router.running]
        with router.network.lock:
            parent = self.stack[-1]
            if text.startswith("no "):
                parent.negate(text[3:])
                return ""
            if parent.text.startswith("ip access-list "):
                # Entries may be typed with a sequence number; show running-config omits it.
                text = re.sub(r"^\d+\s+", "", text)
            node = parent.add(text)
            if is_opener(text):
                self.stack.append(node)
        return ""

    def _banner_text(self, line: str) -> str:
        """One raw line of a multi-line banner (echoed, no prompt until the delimiter)."""
        assert self.banner is not None
        message = self.banner.feed(line)
        if message is not None:
            with self.router.network.lock:
                store_banner(self.router.running, self.banner.kind, message)
            self.banner = None
        return ""

    # -- show commands -----------------------------------------------------------------------
    def show_dmvpn(self) -> str:
        """``show dmvpn`` in the IOS 15.x/XE layout."""
        router = self.router
        peers = router.network.peers(router)
        out = [_DMVPN_LEGEND, ""]
        for tun in router.tunnels():
            rows = [p for p in peers if p[0] == tun.name]
            kind = "Spoke" if tun.nhs else "Hub"
            out += [
                f"Interface: {tun.name}, IPv4 NHRP Details ",
                f"Type:{kind}, NHRP Peers:{len(rows)}, ",
                "",
            ]
            out += [
                " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb",
                " ----- --------------- --------------- ----- -------- -----",
            ]
            for _name, _tun, ip, nbma, up in rows:
                state, attr = ("UP", "S" if tun.nhs else "D") if up else ("NHRP", "S")
                out.append(f"     1 {nbma:>15} {ip:>15} {state:>5} 00:01:00 {attr:>5}")
            out.append("")
        return "\n".join(out)

    def _sa_pairs(self) -> list[tuple[str, str]]:
        """(local, remote) NBMA addresses of every IKE SA: one per registered peer, over
        NHRP for IPv4 or for IPv6."""
        pairs = [(tun.nbma, nbma) for _n, tun, _ip, nbma, _up in self._up_peers()]
        local6 = {t.name: t.nbma for t in ipv6.tunnels6(self.router)}
        pairs += [(local6[p.ifname], p.nbma) for p in ipv6.peers6(self.router) if p.up]
        return list(dict.fromkeys(pairs))

    def show_ikev2(self) -> str:
        """``show crypto ikev2 sa``: IPv4 peers, then IPv6 peers (an IPv6 transport)."""
        sections: dict[bool, list[str]] = {False: [], True: []}
        if self.router.ike() == "ikev2":
            for i, (local, remote) in enumerate(self._sa_pairs(), start=1):
                sections[":" in remote] += [
                    f"{'Tunnel-id':<9} {'Local':<21} {'Remote':<21} {'fvrf/ivrf':<20} Status ",
                    f"{i:<9} {local + '/500':<21} {remote + '/500':<21} {'none/none':<20} READY  ",
                    "      Encr: AES-GCM, keysize: 256, PRF: SHA384, Hash: None, DH Grp:19,"
                    " Auth sign: PSK, Auth verify: PSK",
                    "      Life/Active Time: 86400/60 sec",
                    "",
                ]
        return "\n".join(
            [
                " IPv4 Crypto IKEv2  SA ",
                "",
                *sections[False],
                " IPv6 Crypto IKEv2  SA ",
                "",
                *sections[True],
            ]
        )

    def show_isakmp(self) -> str:
        """``show crypto isakmp sa``."""
        out = [
            "IPv4 Crypto ISAKMP SA",
            "dst             src             state          conn-id status",
        ]
        if self.router.ike() == "isakmp":
            for i, (local, remote) in enumerate(self._sa_pairs(), start=1001):
                out.append(f"{local:<15} {remote:<15} QM_IDLE        {i:>7} ACTIVE")
        return "\n".join([*out, "", "IPv6 Crypto ISAKMP SA", ""])

    def show_nhs(self) -> str:
        """``show ip nhrp nhs detail``."""
        out = ["Legend: E=Expecting replies, R=Responding, W=Waiting, D=Dynamic"]
        peers = self.router.network.peers(self.router)
        for tun in self.router.tunnels():
            if not tun.nhs:
                continue
            out.append(f"{tun.name}:")
            for _n, _t, ip, nbma, up in (p for p in peers if p[0] == tun.name and p[2] in tun.nhs):
                flags, recv = ("RE", 5) if up else ("E", 0)
                out.append(
                    f"{ip:<12} {flags:<3} NBMA Address: {nbma} priority = 0 cluster = 0  "
                    f"req-sent 5  req-failed 0  repl-recv {recv}"
                )
                out.append(" Current Request ID: 5")
        return "\n".join([*out, "", "Pending Registration Requests:", ""])

    def _up_peers(self) -> list[tuple[str, object, str, str, bool]]:
        return [p for p in self.router.network.peers(self.router) if p[4]]  # type: ignore[misc]

    def _routed_peers(self) -> list[tuple[str, str]]:
        net = self.router.network
        return [(p[0], p[2]) for p in self._up_peers() if net.same_routing(self.router, p[2])]

    def show_eigrp(self) -> str:
        """``show ip eigrp neighbors``."""
        proto, asn = self.router.routing()
        if proto != "eigrp":
            return ""
        out = [
            f"EIGRP-IPv4 Neighbors for AS({asn})",
            "H   Address                 Interface              Hold Uptime   SRTT   RTO  Q  Seq",
            "                                                   (sec)         (ms)       Cnt Num",
        ]
        for i, (ifname, ip) in enumerate(self._routed_peers()):
            short = ifname.replace("Tunnel", "Tu")
            out.append(f"{i:<3} {ip:<23} {short:<22} 13 00:01:00   10   100  0  3")
        return "\n".join(out)

    def show_ospf(self) -> str:
        """``show ip ospf neighbor``."""
        if self.router.routing()[0] != "ospf":
            return ""
        out = ["", "Neighbor ID     Pri   State           Dead Time   Address         Interface"]
        for ifname, ip in self._routed_peers():
            out.append(f"{ip:<15} {0:>3}   FULL/  -        00:00:35    {ip:<15} {ifname}")
        return "\n".join(out)

    def show_bgp(self, in_vrf: bool = False) -> str:
        """``show ip bgp summary`` (global neighbours only) or the VRF's summary."""
        proto, asn = self.router.routing()
        if proto != "bgp":
            return "% BGP not active"
        # neighbours in 'address-family ipv4 vrf' appear only in the VRF's summary
        vrf_bgp = " address-family ipv4 vrf " in self.router.show_running()
        out = [
            f"BGP router identifier 10.255.255.1, local AS number {asn}",
            "BGP table version is 5, main routing table version 5",
            "",
            "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down"
            "  State/PfxRcd",
        ]
        hub = not any(t.nhs for t in self.router.tunnels())
        for _ifname, ip in self._routed_peers() if vrf_bgp == in_vrf else []:
            name = f"*{ip}" if hub and not vrf_bgp else ip
            out.append(
                f"{name:<15} 4 {asn:>12}      10      12        5    0    0 00:03:10        2"
            )
        return "\n".join(out)


_SHOWS = {
    "show dmvpn": IOSShell.show_dmvpn,
    "show crypto ikev2 sa": IOSShell.show_ikev2,
    "show crypto isakmp sa": IOSShell.show_isakmp,
    "show ip nhrp nhs detail": IOSShell.show_nhs,
    "show ip eigrp neighbors": IOSShell.show_eigrp,
    "show ip ospf neighbor": IOSShell.show_ospf,
    "show ip bgp summary": IOSShell.show_bgp,
    "show dmvpn ipv6": lambda shell: ipv6.show_dmvpn6(shell.router, _DMVPN_LEGEND),
    "show ipv6 eigrp neighbors": lambda shell: ipv6.show_eigrp6(shell.router),
    "show ospfv3 neighbor": lambda shell: ipv6.show_ospfv3(shell.router),
    "show bgp ipv6 unicast summary": lambda shell: ipv6.show_bgp6(shell.router),
}


def _sane(text: str) -> bool:
    """Basic checks IOS would fail: printable ASCII, a word first, no bare section keyword."""
    if not text.isascii() or not text.isprintable() or not text[0].isalnum():
        return False
    return text not in ("interface", "router", "ip", "crypto", "no", "tunnel")

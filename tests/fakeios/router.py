"""A simulated IOS router's state, and a network of them whose DMVPN state follows their configs.

A spoke tunnel is registered at a hub when the spoke lists the hub's tunnel IP as NHS, both
tunnels are up, tunnel keys and NHRP auth match, and neither router is marked ``tunnel_down``.
IKE SAs and routing neighbours exist exactly for registered pairs that run the same protocol.
"""

from __future__ import annotations

import ipaddress
import re
import threading
from dataclasses import dataclass, field

from tests.fakeios.config import Node, parse_config
from tests.fakeios.keys import KeyStore

__all__ = ["FakeNetwork", "FakeRouter", "TunnelFacts"]


@dataclass(frozen=True)
class TunnelFacts:
    """What the overlay needs from one tunnel interface."""

    name: str
    iface: ipaddress.IPv4Interface | None
    nhs: tuple[str, ...]
    key: str
    auth: str
    shutdown: bool
    nbma: str


@dataclass
class FakeRouter:
    """One simulated router: config, faults and the SSH port it listens on."""

    hostname: str
    running: Node
    network: FakeNetwork
    platform: str = "iosxe"
    # Faults a test can switch on.
    rejected: list[str] = field(default_factory=list)  # regexes of config lines to reject
    drop_on: str | None = None  # regex: close the SSH session when such a line is entered
    revert_broken: bool = False  # `configure revert now` answers but restores nothing
    save_fails: bool = False  # `write memory` reports an error instead of [OK]
    require_archive: bool = False  # refuse revert timers unless `archive` / `path` is set
    vanish_on_drop: bool = False  # after the drop the SSH server stops (reconnect fails)
    tunnel_down: bool = False  # the overlay never comes up on this router
    minute_seconds: float | None = None  # this router's revert-timer minute (else network's)
    hidden_defaults: tuple[str, ...] = ()  # lines `show running-config` does not print
    serial: str = ""  # 'Processor board ID' in `show version` (default: derived from the name)
    # The release lines `show version` starts with (default: IOS XE 17.9.4a, or IOSv 15.9(3)M9)
    version_head: str = ""
    stall_on: str | None = None  # regex: stop answering when such a line is typed (silent)
    stalled: threading.Event = field(default_factory=threading.Event)  # set while stalled
    release: threading.Event = field(default_factory=threading.Event)  # ends every stall
    # Every config line typed, with whether a revert-timer session was pending at the time.
    config_log: list[tuple[str, bool]] = field(default_factory=list)
    port: int = 0
    startup: str = ""
    saves: int = 0
    config_sessions: int = 0
    snapshot: Node | None = None
    keys: KeyStore = field(default_factory=KeyStore)  # RSA key pairs (not in the config)
    _timer: threading.Timer | None = None

    # -- rollback confirmed change -------------------------------------------------------
    def archive_ready(self) -> bool:
        """Is a configuration archive path set (needed for rollback timers)?"""
        archive = self.running.find("archive")
        return archive is not None and any(c.text.startswith("path ") for c in archive.children)

    def start_revert_timer(self, minutes: int) -> None:
        """Snapshot the config; restore it unless confirmed in time (scaled for tests)."""
        with self.network.lock:
            if self.snapshot is None:
                self.snapshot = self.running.copy()
            self._cancel()
            minute = self.minute_seconds or self.network.minute_seconds
            self._timer = threading.Timer(minutes * minute, self.revert)
            self._timer.daemon = True
            self._timer.start()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def confirm(self) -> bool:
        """Keep the change; False when no change was pending."""
        with self.network.lock:
            pending = self.snapshot is not None
            self.snapshot = None
            self._cancel()
            return pending

    def revert(self) -> bool:
        """Restore the snapshot; False when no change was pending."""
        with self.network.lock:
            if self.snapshot is None:
                return False
            self.running = self.snapshot
            self.snapshot = None
            self._cancel()
            return True

    # -- views -----------------------------------------------------------------------------
    def show_version(self) -> str:
        """``show version`` as a C8000V on IOS XE 17.9 prints it (abridged)."""
        serial = self.serial or "9" + "".join(f"{ord(c):02X}" for c in self.hostname)[:10]
        if self.version_head:
            head = self.version_head.rstrip("\n")
            model = "cisco ISR4451-X/K9 (2RU) processor with 1795979K/6147K bytes of memory."
        elif self.platform == "ios":
            head = (
                "Cisco IOS Software, IOSv Software (VIOS-ADVENTERPRISEK9-M), Version 15.9(3)M9,"
                " RELEASE SOFTWARE (fc1)"
            )
            model = "Cisco IOSv (revision 1.0) with 460033K/62464K bytes of memory."
        else:
            head = (
                "Cisco IOS XE Software, Version 17.09.04a\nCisco IOS Software [Cupertino], "
                "Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.4a, "
                "RELEASE SOFTWARE (fc3)"
            )
            model = (
                "cisco C8000V (VXE) processor (revision VXE) with 2028929K/3075K bytes of memory."
            )
        return (
            f"{head}\nTechnical Support: http://www.cisco.com/techsupport\n"
            "Copyright (c) 1986-2023 by Cisco Systems, Inc.\n\n"
            f"{self.hostname} uptime is 2 hours, 3 minutes\n"
            'System image file is "bootflash:packages.conf"\nLast reload reason: reload\n\n'
            f"{model}\nProcessor board ID {serial}\nRouter operating mode: Autonomous\n"
            "3 Gigabit Ethernet interfaces\n"
            "32768K bytes of non-volatile configuration memory.\n\n"
            "Configuration register is 0x2102\n"
        )

    def show_running(self) -> str:
        """``show running-config`` text."""
        with self.network.lock:
            lines = self._hide(self.running).render()
        body = "\n".join(["!", *lines, "end"])
        return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}\n"

    def _hide(self, node: Node) -> Node:
        if not self.hidden_defaults:
            return node
        out = Node(node.text, [self._hide(c) for c in node.children])
        out.children = [c for c in out.children if c.text not in self.hidden_defaults]
        return out

    def config_text(self) -> str:
        """The running config as plain indented text (for assertions)."""
        with self.network.lock:
            return "\n".join(self.running.render()) + "\n"

    def _iface_address(self, name: str) -> str:
        node = self.running.find(f"interface {name}")
        for child in node.children if node else []:
            words = child.text.split()
            if words[:2] == ["ip", "address"] and len(words) >= 4:
                return words[2]
        return ""

    def tunnels(self) -> list[TunnelFacts]:
        """Facts of every tunnel interface."""
        out = []
        for node in self.running.children:
            if not node.text.startswith("interface Tunnel"):
                continue
            iface, nhs, key, auth, shut, src = None, [], "", "", False, ""
            for child in node.children:
                words = child.text.split()
                if words[:2] == ["ip", "address"] and len(words) >= 4:
                    iface = ipaddress.IPv4Interface(f"{words[2]}/{words[3]}")
                elif words[:3] == ["ip", "nhrp", "nhs"]:
                    nhs.append(words[3])
                elif words[:2] == ["tunnel", "key"]:
                    key = words[2]
                elif words[:3] == ["ip", "nhrp", "authentication"]:
                    auth = words[3]
                elif words == ["shutdown"]:
                    shut = True
                elif words[:2] == ["tunnel", "source"]:
                    src = words[2]
            name = node.text.split()[1]
            out.append(TunnelFacts(name, iface, tuple(nhs), key, auth, shut, self.tunnel_nbma(src)))
        return out

    def tunnel_nbma(self, source: str) -> str:
        """The IPv4 NBMA address of a tunnel sourced from ``source`` (address or interface)."""
        nbma = source if re.fullmatch(r"[\d.]+", source) else self._iface_address(source)
        return nbma or "0.0.0.0"

    def routing(self) -> tuple[str, str]:
        """(protocol, process/AS) of the first routing process (named EIGRP: its AS)."""
        for node in self.running.children:
            words = node.text.split()
            if words[:1] == ["router"] and len(words) >= 3 and words[1] in ("eigrp", "ospf", "bgp"):
                for child in node.children:
                    sub = child.text.split()
                    if words[1] == "eigrp" and "autonomous-system" in sub:
                        return "eigrp", sub[sub.index("autonomous-system") + 1]
                return words[1], words[2]
        return "", ""

    def ike(self) -> str:
        """'ikev2', 'isakmp' or ''."""
        heads = [n.text for n in self.running.children]
        if any(h.startswith("crypto ikev2 ") for h in heads):
            return "ikev2"
        return "isakmp" if any(h.startswith("crypto isakmp ") for h in heads) else ""


class FakeNetwork:
    """All simulated routers of one test; computes who is registered with whom."""

    def __init__(self, minute_seconds: float = 60.0) -> None:
        self.lock = threading.RLock()
        self.routers: dict[str, FakeRouter] = {}
        self.minute_seconds = minute_seconds

    def add(self, hostname: str, running: str = "", **kwargs: object) -> FakeRouter:
        """Create a router from an initial running config."""
        text = running or f"hostname {hostname}\n"
        keys = KeyStore()
        booted = keys.boot(text, f"{hostname}.dmvpn.example")
        router = FakeRouter(
            hostname,
            parse_config(booted),
            self,
            keys=keys,
            **kwargs,  # type: ignore[arg-type]
        )
        router.startup = text
        self.routers[hostname] = router
        return router

    def _tunnel_with_ip(self, ip: str) -> tuple[FakeRouter, TunnelFacts] | None:
        for router in self.routers.values():
            for tun in router.tunnels():
                if tun.iface is not None and str(tun.iface.ip) == ip:
                    return router, tun
        return None

    def registered(self, spoke: FakeRouter, stun: TunnelFacts, nhs_ip: str) -> bool:
        """Is ``spoke``'s tunnel registered with the NHS at ``nhs_ip``?"""
        found = self._tunnel_with_ip(nhs_ip)
        if found is None or stun.iface is None:
            return False
        hub, htun = found
        return (
            not (spoke.tunnel_down or hub.tunnel_down or stun.shutdown or htun.shutdown)
            and stun.key == htun.key
            and stun.auth == htun.auth
            and htun.iface is not None
            and stun.iface.ip in htun.iface.network
            and spoke.ike() == hub.ike()
        )

    def peers(self, router: FakeRouter) -> list[tuple[str, TunnelFacts, str, str, bool]]:
        """(interface, peer tunnel, peer tunnel IP, peer NBMA, up) for every peer of ``router``."""
        with self.lock:
            out = []
            for tun in router.tunnels():
                for nhs in tun.nhs:  # this router as a spoke
                    found = self._tunnel_with_ip(nhs)
                    nbma = found[1].nbma if found else "0.0.0.0"
                    out.append((tun.name, tun, nhs, nbma, self.registered(router, tun, nhs)))
                if tun.iface is None:
                    continue
                own = str(tun.iface.ip)
                for other in self.routers.values():  # this router as a hub
                    if other is router:
                        continue
                    for otun in other.tunnels():
                        if own in otun.nhs and otun.iface and self.registered(other, otun, own):
                            out.append((tun.name, tun, str(otun.iface.ip), otun.nbma, True))
            return out

    def same_routing(self, a: FakeRouter, peer_ip: str) -> bool:
        """Does the router owning ``peer_ip`` run the same routing process as ``a``?"""
        found = self._tunnel_with_ip(peer_ip)
        if found is None or not a.routing()[0]:
            return False
        mine, theirs = a.routing(), found[0].routing()
        # BGP peers may sit in different ASes (eBGP); IGPs need the same process/AS.
        return mine == theirs or mine[0] == theirs[0] == "bgp"

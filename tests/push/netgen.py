"""Consistent hub/spoke configs (phase 3, IKEv2, EIGRP) for push tests, and the targets and
simulated routers that go with them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dmvpngen.push import PushOptions, Target
from tests.fakeios import FakeLab

PSK = "Psk-Lab-7Secret"
NHRP_AUTH = "nhAuth9"
PASSWORD = "lab-Passw0rd"
SECRETS = (PSK, NHRP_AUTH)

_CRYPTO = f"""crypto ikev2 proposal DMVPN-PROP
 encryption aes-gcm-256
 prf sha384
 group 19
!
crypto ikev2 policy DMVPN-POL
 proposal DMVPN-PROP
!
crypto ikev2 keyring DMVPN-KR
 peer ANY
  address 0.0.0.0 0.0.0.0
  pre-shared-key {PSK}
!
crypto ikev2 profile DMVPN-IKE
 match identity remote address 0.0.0.0
 authentication remote pre-share
 authentication local pre-share
 keyring local DMVPN-KR
 dpd 10 5 on-demand
!
crypto ipsec transform-set DMVPN-TS esp-gcm 256
 mode transport
!
crypto ipsec profile DMVPN-IPSEC
 set transform-set DMVPN-TS
 set ikev2-profile DMVPN-IKE
!
"""


def base_config(name: str, wan: str) -> str:
    """What a router runs before dmvpngen ever touched it."""
    return f"""hostname {name}
!
username netops privilege 15 secret 9 $9$abcdefgh$ijklmnopqrstuvwxyz0123456789
!
interface GigabitEthernet1
 description WAN
 ip address {wan} 255.255.255.0
 negotiation auto
!
ip route 0.0.0.0 0.0.0.0 {wan.rsplit(".", 1)[0]}.254
!
line vty 0 4
 transport input ssh
!
end
"""


def hub_config(name: str = "hub1", wan: str = "198.51.100.1", tunnel: str = "10.0.0.1") -> str:
    """The intended config of the hub."""
    return f"""hostname {name}
!
{_CRYPTO}interface Loopback0
 ip address 10.255.0.1 255.255.255.255
!
interface GigabitEthernet1
 description WAN
 ip address {wan} 255.255.255.0
 no shutdown
!
interface Tunnel0
 description cloud1
 ip address {tunnel} 255.255.255.0
 no ip redirects
 ip mtu 1400
 ip tcp adjust-mss 1360
 ip nhrp authentication {NHRP_AUTH}
 ip nhrp network-id 100
 ip nhrp holdtime 300
 ip nhrp map multicast dynamic
 ip nhrp redirect
 tunnel source GigabitEthernet1
 tunnel mode gre multipoint
 tunnel key 100
 tunnel protection ipsec profile DMVPN-IPSEC
!
router eigrp 100
 network 10.0.0.0 0.0.0.255
 network 10.255.0.0 0.0.0.255
!
ip route 0.0.0.0 0.0.0.0 198.51.100.254
!
line vty 0 4
 transport input ssh
 exec-timeout 5 0
!
end
"""


def spoke_config(i: int) -> str:
    """The intended config of spoke ``i`` (1-based)."""
    return f"""hostname spoke{i}
!
{_CRYPTO}interface Loopback0
 ip address 10.255.0.{10 + i} 255.255.255.255
!
interface GigabitEthernet1
 description WAN
 ip address 203.0.113.{10 + i} 255.255.255.0
 no shutdown
!
interface GigabitEthernet2
 description LAN
 ip address 192.168.{i}.1 255.255.255.0
!
interface Tunnel0
 description cloud1
 ip address 10.0.0.{10 + i} 255.255.255.0
 no ip redirects
 ip mtu 1400
 ip tcp adjust-mss 1360
 ip nhrp authentication {NHRP_AUTH}
 ip nhrp network-id 100
 ip nhrp holdtime 300
 ip nhrp nhs 10.0.0.1 nbma 198.51.100.1 multicast
 ip nhrp shortcut
 tunnel source GigabitEthernet1
 tunnel mode gre multipoint
 tunnel key 100
 tunnel protection ipsec profile DMVPN-IPSEC
!
router eigrp 100
 network 10.0.0.0 0.0.0.255
 network 10.255.0.0 0.0.0.255
 network 192.168.{i}.0 0.0.0.255
 eigrp stub connected summary
!
ip route 0.0.0.0 0.0.0.0 203.0.113.254
!
end
"""


@dataclass
class Net:
    """A simulated network and the push inputs for it."""

    lab: FakeLab
    targets: list[Target]
    known_hosts: Path


def build(
    lab: FakeLab,
    tmp: Path,
    spokes: int,
    faults: dict[str, dict[str, object]] | None = None,
    platform: str = "iosxe",
) -> Net:
    """Start a hub and ``spokes`` spokes on their base configs; targets point at them."""
    faults = faults or {}
    targets = []
    hub = lab.add(
        "hub1", base_config("hub1", "198.51.100.1"), platform=platform, **faults.get("hub1", {})
    )
    targets.append(Target("hub1", "hub", platform, "127.0.0.1", hub.port, hub_config()))
    for i in range(1, spokes + 1):
        name = f"spoke{i}"
        router = lab.add(
            name,
            base_config(name, f"203.0.113.{10 + i}"),
            platform=platform,
            **faults.get(name, {}),
        )
        targets.append(Target(name, "spoke", platform, "127.0.0.1", router.port, spoke_config(i)))
    return Net(lab, targets, lab.write_known_hosts(tmp / "known_hosts"))


def options(net: Net, tmp: Path, **overrides: object) -> PushOptions:
    """Push options tuned for the simulated routers (short timeouts, quick polling)."""
    values: dict[str, object] = {
        "known_hosts": net.known_hosts,
        "archive_dir": tmp / "archive",
        "verify_timeout": 1.0,
        "verify_interval": 0.1,
        "conn_timeout": 5.0,
        "read_timeout": 10.0,
        "netmiko_extra": {"fast_cli": True, "global_delay_factor": 0.1},
    }
    values.update(overrides)
    return PushOptions(**values)  # type: ignore[arg-type]

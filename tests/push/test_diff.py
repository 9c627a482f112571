"""Remediation scope: owned sections only, guarded blocks kept, IOS-XE hidden defaults."""

from __future__ import annotations

from dmvpngen.push.diff import Plan, compute_plan, config_blocks, send_commands
from tests.push.netgen import base_config, hub_config

RUNNING = """hostname hub1
!
username admin privilege 15 secret 9 $9$abc
aaa new-model
!
interface GigabitEthernet0
 vrf forwarding Mgmt-intf
 ip address 192.0.2.10 255.255.255.0
!
interface GigabitEthernet1
 description WAN
 ip address 198.51.100.1 255.255.255.0
 negotiation auto
 no mop enabled
!
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip nhrp network-id 100
 ip nhrp holdtime 600
!
interface Tunnel9
 description stale cloud
 ip address 10.9.0.1 255.255.255.0
!
router eigrp 100
 network 10.0.0.0 0.0.0.255
!
router eigrp 999
 network 10.9.0.0 0.0.0.255
!
snmp-server community public RO
ntp server 192.0.2.123
line vty 0 4
 transport input telnet ssh
!
end
"""

INTENDED = """hostname hub1
username admin privilege 15 secret 9 $9$other
interface GigabitEthernet0
 vrf forwarding Mgmt-intf
 ip address 192.0.2.10 255.255.255.0
 description changed
interface GigabitEthernet1
 description WAN
 ip address 198.51.100.1 255.255.255.0
 no shutdown
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip nhrp network-id 100
 ip nhrp holdtime 300
 ip nhrp redirect
 ip nhrp map multicast dynamic
router eigrp 100
 network 10.0.0.0 0.0.0.255
line vty 0 4
 transport input ssh
end
"""


def lines(plan: Plan) -> list[str]:
    return list(plan.lines)


def test_owned_sections_only_and_stale_ones_removed() -> None:
    plan = compute_plan(RUNNING, INTENDED, platform="ios", host="192.0.2.10")
    text = "\n".join(plan.lines)
    assert "no interface Tunnel9" in text  # stale tunnel: dmvpngen owns tunnels
    assert "no router eigrp 999" in text  # stale routing process
    assert " ip nhrp holdtime 300" in text
    assert " ip nhrp redirect" in text  # plain IOS: absence is drift
    # Never touched: unmanaged lines, guarded blocks, hardware defaults.
    for untouched in (
        "snmp-server",
        "ntp server",
        "aaa",
        "username",
        "line vty",
        "GigabitEthernet0",
        "negotiation",
        "mop",
        "shutdown",
    ):
        assert untouched not in text, untouched


def test_include_guarded_opens_users_vty_and_management() -> None:
    text = "\n".join(
        compute_plan(
            RUNNING, INTENDED, platform="ios", host="192.0.2.10", include_guarded=True
        ).lines
    )
    assert "username admin privilege 15 secret 9 $9$other" in text
    assert "line vty 0 4" in text
    assert "interface GigabitEthernet0" in text


def test_iosxe_hidden_defaults_are_not_drift() -> None:
    plan = compute_plan(RUNNING, INTENDED, platform="iosxe", host="192.0.2.10")
    text = "\n".join(plan.lines)
    assert "ip nhrp redirect" not in text
    assert "ip nhrp map multicast dynamic" not in text
    assert " ip nhrp holdtime 300" in text  # real drift still shows


def test_in_sync_is_empty() -> None:
    assert compute_plan(hub_config(), hub_config(), platform="iosxe").empty


def test_first_push_adds_everything_owned_but_not_vty() -> None:
    plan = compute_plan(base_config("hub1", "198.51.100.1"), hub_config(), platform="iosxe")
    assert "interface Tunnel0" in plan.lines
    assert not any(line.startswith("line ") for line in plan.lines)
    assert not any("negotiation" in line for line in plan.lines)


def test_send_commands_exit_each_level() -> None:
    plan = Plan(
        (
            "no ip route 0.0.0.0 0.0.0.0 192.0.2.1",
            "crypto ikev2 keyring KR",
            " peer ANY",
            "  pre-shared-key x",
            "router eigrp 1",
            " network 10.0.0.0",
            "ip route 0.0.0.0 0.0.0.0 192.0.2.2",
        )
    )
    assert send_commands(plan) == [
        "no ip route 0.0.0.0 0.0.0.0 192.0.2.1",
        "crypto ikev2 keyring KR",
        "peer ANY",
        "pre-shared-key x",
        "exit",
        "exit",
        "router eigrp 1",
        "network 10.0.0.0",
        "exit",
        "ip route 0.0.0.0 0.0.0.0 192.0.2.2",
    ]


def test_config_blocks_drop_comments_and_exits() -> None:
    blocks = config_blocks(
        "!\nrouter bgp 1\n address-family ipv4\n  network 10.0.0.0\n exit-address-family\n!\nend\n"
    )
    assert [(b.head, b.body) for b in blocks] == [
        ("router bgp 1", (" address-family ipv4", "  network 10.0.0.0"))
    ]


def test_acl_used_by_vty_access_class_is_guarded() -> None:
    running = "line vty 0 4\n access-class SSH-ACCESS in\n"
    intended = (
        "ip access-list standard SSH-ACCESS\n permit 10.0.0.0 0.255.255.255\n"
        "ip access-list extended WAN-IN\n permit esp any any\n"
    )
    text = "\n".join(compute_plan(running, intended, platform="ios").lines)
    assert "WAN-IN" in text and "SSH-ACCESS" not in text
    opened = compute_plan(running, intended, platform="ios", include_guarded=True)
    assert "ip access-list standard SSH-ACCESS" in opened.lines


def test_diff_marks_removed_added_and_context() -> None:
    running = (
        "no service pad\ninterface Tunnel0\n ip nhrp holdtime 600\n"
        "router eigrp 1\n passive-interface default\n"
    )
    intended = (
        "no service pad\nno ip http server\ninterface Tunnel0\n ip nhrp holdtime 300\n"
        "router eigrp 1\n passive-interface default\n no passive-interface Tunnel0\n"
    )
    diff = compute_plan(running, intended, platform="ios").diff
    assert "+ no ip http server" in diff  # a default-off line is added, not removed
    assert "  interface Tunnel0" in diff  # existing section: context
    assert "-  ip nhrp holdtime 600" in diff
    assert "+  ip nhrp holdtime 300" in diff
    assert "+  no passive-interface Tunnel0" in diff
    assert not any("service pad" in line for line in diff)


def test_empty_submode_is_left_explicitly() -> None:
    intended = (
        "router eigrp DMVPN\n address-family ipv4 unicast autonomous-system 100\n"
        "  topology base\n  exit-af-topology\n  network 10.0.0.0 0.0.0.255\n"
        " exit-address-family\n"
    )
    plan = compute_plan("", intended, platform="iosxe")
    assert send_commands(plan) == [
        "router eigrp DMVPN",
        "address-family ipv4 unicast autonomous-system 100",
        "topology base",
        "exit",
        "network 10.0.0.0 0.0.0.255",
    ]


def test_ipv6_multicast_dynamic_is_a_hidden_default_from_17_14() -> None:
    """Cisco-IOS-XE-nhrp.yang (17.14.1, revision 2024-03-01): 'ipv6 nhrp map multicast dynamic'
    defaults to true. A 17.14 running config without the line is in sync; an older one (where
    the line is needed and shown) still gets it."""
    running = (
        "version {}\nhostname hub1\ninterface Tunnel0\n ipv6 address 2001:DB8::1/64\n"
        " ipv6 nhrp network-id 1\n"
    )
    intended = (
        "hostname hub1\ninterface Tunnel0\n ipv6 address 2001:DB8::1/64\n"
        " ipv6 nhrp network-id 1\n ipv6 nhrp map multicast dynamic\n"
    )
    for train, shown in (("17.14", False), ("17.18", False), ("17.12", True), ("", True)):
        text = running.format(train) if train else running.replace("version {}\n", "")
        plan = compute_plan(text, intended, platform="iosxe")
        assert ("ipv6 nhrp map multicast dynamic" in "\n".join(plan.lines)) is shown, train
    # plain IOS 15 never hides it
    plan = compute_plan(running.format("15.9"), intended, platform="ios")
    assert " ipv6 nhrp map multicast dynamic" in plan.lines
